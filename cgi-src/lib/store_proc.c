/* store_proc.c — SQLite set up for a process that never shares a
 * connection between threads (the CGIs, clusterctl): no per-connection
 * mutex and no memory statistics, which were about 5% of a JSON API
 * request. The core mutexes stay: SQLite's sorter then keeps its helper
 * threads (PRAGMA threads), which the bulk import's index builds use.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <sqlite3.h>

#include "store.h"

void
store_single_thread(void)
{
    /* Both fail harmlessly (SQLITE_MISUSE) once SQLite is initialised. */
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
