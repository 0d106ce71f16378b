/* alert_action_command.c — the command action: Module Config's command,
 * run by /bin/sh -c with the alert in UC_* environment variables (never
 * in the command line), bounded by the action's deadline.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "alert_action_int.h"

int
aa_command_run(const char *cmd, char *const env[], long long deadline_ms,
               struct alert_action_result *r)
{
    /* The command is the administrator's text, given to the shell as the
     * single -c argument; alert data reaches it only as variables. */
    char *argv[] = {(char *)"/bin/sh", (char *)"-c", (char *)cmd, NULL};
    return aa_proc_run(argv, env, NULL, 0, deadline_ms, r);
}
