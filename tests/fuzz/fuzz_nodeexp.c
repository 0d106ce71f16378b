/* fuzz_nodeexp.c — libFuzzer target over nodeexp_parse (the daemon's
 * node_exporter text parser) and the metrics computed from its result,
 * with invariant checks. The daemon's sources are compiled in here.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../cgi-src/daemon/nodeexp.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct nodeexp_raw a, b;
    struct nodeexp_error err;
    double m[PM__MAX];
    const char *text = (const char *)data;

    int rc = nodeexp_parse(text, size, &a, &err);
    if (rc != 0 && rc != -1)
        abort();
    if (rc < 0) {
        /* A failure names a line within the text and a reason. */
        if (err.what == NULL)
            abort();
        size_t lines = 1;
        for (size_t i = 0; i < size; i++)
            lines += data[i] == '\n';
        if (err.line > lines)
            abort();
        return 0;
    }
    if (a.nfs > NODEEXP_FS_MAX || a.samples > size)
        abort();
    /* Parsing is a pure function of the text. */
    if (nodeexp_parse(text, size, &b, &err) != 0 || b.have != a.have ||
        b.samples != a.samples || b.nfs != a.nfs)
        abort();
    nodeexp_metrics(NULL, &a, 0, m);
    if (!isnan(m[PM_DISK]) && (m[PM_DISK] < 0 || m[PM_DISK] > 100))
        abort();
    if (!isnan(m[PM_MEM]) && m[PM_MEM] < 0)
        abort();
    nodeexp_metrics(&a, &b, 1, m);
    if (!isnan(m[PM_CPU]) && (m[PM_CPU] < 0 || m[PM_CPU] > 100))
        abort();
    if (!isnan(m[PM_NET_IN]) && m[PM_NET_IN] < 0)
        abort();
    return 0;
}
