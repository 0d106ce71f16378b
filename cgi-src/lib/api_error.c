/* api_error.c — an API error answered by the handler itself (for the
 * headers it keeps, such as Allow, and for extra members such as the
 * import's list of errors), with every change of the request undone.
 * SPDX-License-Identifier: BSD-3-Clause */
#include "api_json.h"
#include "api_route.h"

int
api_fail(struct app *a, const struct err *err, json_t *extra, struct err *e)
{
    struct buf msg;
    buf_init(&msg, 4096);
    lang_plain(&msg, &a->lang, err->key, err->arg[0], err->arg[1]);
    json_t *doc = json_pack("{s:{s:s, s:s, s:s, s:s}}", "error", "code",
                            err_code_name(err->code), "field", err->field,
                            "message", buf_cstr(&msg), "key", err->key);
    buf_free(&msg);
    if (doc != NULL && extra != NULL)
        json_object_update(doc, extra);
    json_decref(extra);
    /* app_run commits what the handler did when it returns 0: end this
     * transaction unchanged and leave it an empty one to commit. */
    if (a->st != NULL) {
        store_rollback(a->st);
        if (store_begin(a->st, 0, e) < 0) {
            json_decref(doc);
            return -1;
        }
    }
    a->status = err_http_status(err->code);
    return api_reply(a, doc, e);
}
