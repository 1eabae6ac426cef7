/*
 * demo.h - a demo ISMS that has been through all ten steps.
 *
 * `demo_build` creates, in one transaction and with the same library
 * calls a user's commands make, the ISMS of a fictional 50-person
 * software company in Tokyo: its scope and policy, the risk assessment
 * method, an asset inventory, risks assessed and treated, the residual
 * risks approved, every control selected or excluded with reasons,
 * management's authorisation, and an approved Statement of Applicability.
 * Two demo users act: "demo-manager" (the ISMS manager, 事務局) does the
 * work and "demo-ceo" (top management, the approver role) signs off. The
 * texts are in Japanese or English. On 2013 it is the same company
 * before moving to the 2022 edition, to try `isms transition` on.
 */
#ifndef ISMS_DEMO_H
#define ISMS_DEMO_H

#include <stdint.h>

#include "isms/context.h"
#include "isms/i18n.h"

#define DEMO_MANAGER "demo-manager"
#define DEMO_APPROVER "demo-ceo"

struct demo_opts {
	const char *name; /* the ISMS's name; NULL: "demo" */
	enum isms_lang lang;
	int edition;      /* 2022 or 2013 */
};

/* Build the demo ISMS; `*ret_id` is its id. The users are created when
 * missing. ISMS_EEXIST when an ISMS of that name exists. */
enum isms_rc demo_build(struct isms_ctx *ctx, const struct demo_opts *o, int64_t *ret_id,
			struct isms_err *err);

#endif
