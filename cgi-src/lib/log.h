/* log.h — the module's own log file (never stderr: miniserv blocks a CGI
 * that writes more than ~64 KiB there).
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_LOG_H
#define UC_LOG_H

/* Sets the log file path (copied). Until called, or if the file cannot be
 * opened, messages are dropped. */
void log_set_path(const char *path);

/* Appends one line "YYYY-MM-DDTHH:MM:SSZ prog[pid] message\n". */
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
