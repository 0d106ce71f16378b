/* fdio.h — writing a whole buffer to a file descriptor.
 * SPDX-License-Identifier: BSD-3-Clause */
#ifndef UC_FDIO_H
#define UC_FDIO_H

#include <stddef.h>

/* Writes all n bytes of p to fd, retrying short writes and EINTR.
 * 0, or -1 when fd stops taking them (a client gone, a closed pipe). */
int fd_write_all(int fd, const void *p, size_t n);

#endif
