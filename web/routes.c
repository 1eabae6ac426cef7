/* routes.c - the route table, and the dispatcher that enforces what each route's flags ask for. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isms/apitoken.h"
#include "isms/html.h"
#include "isms/log.h"
#include "isms/policy.h"
#include "isms/scope.h"
#include "isms/selection.h"
#include "isms/utf8.h"
#include "isms/util.h"
#include "isms/xalloc.h"
#include "web.h"

/* --- fields -------------------------------------------------------------------------- */

static const char *const roles_v[] = { "viewer", "auditor", "owner", "approver", "manager", "admin",
				       NULL };
static const char *const roles_none_v[] = { "viewer", "auditor", "owner", "approver", "manager",
					    "admin", "none", NULL };
static const char *const langs_v[] = { "ja", "en", NULL };
/* Notices after a redirect: fixed codes, so no user text travels in URLs. */
static const char *const msgs_v[] = { "saved", "added", "created", "revoked", "password", "out",
				      "expired", "unchanged", "approved", "rejected", "authorised",
				      "refused", "generated", "removed", NULL };

#define F_MSG { "msg", FIELD_ENUM, 0, 0, 0, msgs_v, "a notice to show after a change" }

static const struct field f_msg[] = { F_MSG, { 0 } };

static const struct field f_static[] = {
	{ "v", FIELD_HEX, 0, 0, 0, NULL, "the version of the file, for caching" },
	{ 0 },
};

static const struct field f_login_page[] = {
	{ "next", FIELD_PATH, 0, 0, 512, NULL, "where to go after logging in" },
	F_MSG,
	{ 0 },
};

static const struct field f_login[] = {
	{ "name", FIELD_TEXT, FIELD_REQUIRED, 0, USER_NAME_MAX, NULL, "the user name" },
	{ "password", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the password" },
	{ "next", FIELD_PATH, 0, 0, 512, NULL, "where to go after logging in" },
	{ 0 },
};

static const struct field f_api_login[] = {
	{ "name", FIELD_TEXT, FIELD_REQUIRED, 0, USER_NAME_MAX, NULL, "the user name" },
	{ "password", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the password" },
	{ 0 },
};

static const struct field f_setup_page[] = {
	{ "token", FIELD_HEX, FIELD_REQUIRED, 0, 64, NULL, "the one-time set-up token" },
	{ 0 },
};

static const struct field f_setup[] = {
	{ "token", FIELD_HEX, FIELD_REQUIRED, 0, 64, NULL, "the one-time set-up token" },
	{ "name", FIELD_NAME, FIELD_REQUIRED, 0, USER_NAME_MAX, NULL, "the administrator's user name" },
	{ "display_name", FIELD_TEXT, 0, 0, 100, NULL, "the name shown to others" },
	{ "password", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the password" },
	{ "password2", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the password again" },
	{ "org", FIELD_TEXT, 0, 0, ISMS_ORG_MAX, NULL, "the organisation of the first ISMS" },
	{ "isms_name", FIELD_TEXT, 0, 0, ISMS_NAME_MAX, NULL, "the name of the first ISMS" },
	{ "edition", FIELD_INT, 0, 2005, 2022, NULL, "the edition of ISO/IEC 27001 of the first ISMS" },
	{ "lang", FIELD_ENUM, 0, 0, 0, langs_v, "the default language of the first ISMS" },
	{ 0 },
};

static const struct field f_isms_create[] = {
	{ "org", FIELD_TEXT, FIELD_REQUIRED, 0, ISMS_ORG_MAX, NULL, "the organisation" },
	{ "name", FIELD_TEXT, 0, 0, ISMS_NAME_MAX, NULL, "the ISMS's name (default: the organisation's)" },
	{ "edition", FIELD_INT, FIELD_REQUIRED, 2005, 2022, NULL, "2005, 2013 or 2022" },
	{ "lang", FIELD_ENUM, FIELD_REQUIRED, 0, 0, langs_v, "the default language" },
	{ 0 },
};

static const struct field f_user_add[] = {
	{ "name", FIELD_NAME, FIELD_REQUIRED, 0, USER_NAME_MAX, NULL, "the user name" },
	{ "display_name", FIELD_TEXT, 0, 0, 100, NULL, "the name shown to others" },
	{ "password", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the first password" },
	{ "role", FIELD_ENUM, FIELD_REQUIRED, 0, 0, roles_v, "the role in this ISMS" },
	{ 0 },
};

static const struct field f_role[] = {
	{ "role", FIELD_ENUM, FIELD_REQUIRED, 0, 0, roles_none_v, "the role in this ISMS; none takes it away" },
	{ 0 },
};

static const struct field f_set_password[] = {
	{ "password", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the new password" },
	{ "password2", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the new password again" },
	{ 0 },
};

static const struct field f_api_set_password[] = {
	{ "password", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the new password" },
	{ 0 },
};

static const struct field f_own_password[] = {
	{ "old_password", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the current password" },
	{ "password", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the new password" },
	{ "password2", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the new password again" },
	{ 0 },
};

static const struct field f_api_own_password[] = {
	{ "old_password", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the current password" },
	{ "password", FIELD_PASSWORD, FIELD_REQUIRED, 0, USER_PASSWORD_MAX, NULL, "the new password" },
	{ 0 },
};

static const struct field f_lang[] = {
	{ "lang", FIELD_ENUM, FIELD_REQUIRED, 0, 0, langs_v, "ja or en" },
	{ "next", FIELD_PATH, 0, 0, 512, NULL, "the page to go back to" },
	{ 0 },
};

static const struct field f_api_lang[] = {
	{ "lang", FIELD_ENUM, FIELD_REQUIRED, 0, 0, langs_v, "ja or en" },
	{ 0 },
};

static const struct field f_token[] = {
	{ "name", FIELD_TEXT, FIELD_REQUIRED, 0, APITOKEN_NAME_MAX, NULL, "what the token is for" },
	{ 0 },
};

static const struct field f_log[] = {
	{ "entity", FIELD_TEXT, 0, 0, 64, NULL, "only changes to this kind of entity" },
	{ "actor", FIELD_TEXT, 0, 0, 64, NULL, "only changes made by this user" },
	{ "since", FIELD_DATE, 0, 0, 0, NULL, "only changes on or after this day (UTC)" },
	{ "until", FIELD_DATE, 0, 0, 0, NULL, "only changes on or before this day (UTC)" },
	{ "limit", FIELD_INT, 0, 1, 10000, NULL, "the newest N entries (default 200)" },
	{ 0 },
};

/* --- steps 1, 2, 7, 9, 10 and the documents ------------------------------------------------ */

static const char *const decisions_v[] = { "approve", "reject", NULL };
static const char *const sel_decisions_v[] = { "applicable", "excluded", NULL };
static const char *const bulk_decisions_v[] = { "keep", "applicable", "excluded", NULL };
static const char *const sel_status_v[] = { "not_started", "planned", "partial", "implemented", NULL };
static const char *const bulk_status_v[] = { "keep", "not_started", "planned", "partial",
					     "implemented", NULL };
static const char *const show_v[] = { "all", "undecided", "applicable", "excluded", "review", NULL };
static const char *const export_v[] = { "xlsx", "csv", "html", "pdf", "json", NULL };
static const char *const doc_formats_v[] = { "pdf", "xlsx", "csv", "html", "json", "zip", NULL };

static const struct field f_version[] = {
	{ "version", FIELD_INT, 0, 1, 1000000, NULL, "an older version (default: the latest)" },
	F_MSG,
	{ 0 },
};

static const struct field f_api_version[] = {
	{ "version", FIELD_INT, 0, 1, 1000000, NULL, "an older version (default: the latest)" },
	{ 0 },
};

#define F_SCOPE_KIND(kind, what) \
	{ kind "_name", FIELD_TEXT, FIELD_REPEAT, 0, SCOPE_NAME_MAX, NULL, \
	  "the names of the " what ", one value per item" }, \
	{ kind "_detail", FIELD_MULTILINE, FIELD_REPEAT, 0, SCOPE_DETAIL_MAX, NULL, \
	  "the details of the " what ", in the order of their names" }

static const struct field f_scope[] = {
	{ "organisation", FIELD_TEXT, 0, 0, SCOPE_NAME_MAX, NULL, "the organisation (required by the scope)" },
	F_SCOPE_KIND("unit", "units"),
	F_SCOPE_KIND("site", "sites"),
	F_SCOPE_KIND("process", "business processes"),
	F_SCOPE_KIND("system", "networks and systems"),
	F_SCOPE_KIND("interface", "interfaces and dependencies"),
	{ "exclusion_name", FIELD_TEXT, FIELD_REPEAT, 0, SCOPE_NAME_MAX, NULL,
	  "the names of the exclusions, one value per item" },
	{ "exclusion_detail", FIELD_MULTILINE, FIELD_REPEAT, 0, SCOPE_DETAIL_MAX, NULL,
	  "the justification of each exclusion, in the order of their names (required)" },
	{ "description", FIELD_MULTILINE, 0, 0, SCOPE_TEXT_MAX, NULL, "free text, Markdown" },
	{ 0 },
};

static const struct field f_decision[] = {
	{ "decision", FIELD_ENUM, FIELD_REQUIRED, 0, 0, decisions_v, "approve or reject" },
	{ "comment", FIELD_MULTILINE, 0, 0, APPROVAL_COMMENT_MAX, NULL, "a comment recorded with the decision" },
	{ 0 },
};

static const struct field f_authorise[] = {
	{ "decision", FIELD_ENUM, FIELD_REQUIRED, 0, 0, decisions_v, "authorise (approve) or refuse (reject)" },
	{ "comment", FIELD_MULTILINE, 0, 0, APPROVAL_COMMENT_MAX, NULL, "what is authorised, or why not (required)" },
	{ 0 },
};

static const struct field f_api_authorise[] = {
	{ "decision", FIELD_ENUM, FIELD_REQUIRED, 0, 0, decisions_v, "authorise (approve) or refuse (reject)" },
	{ "comment", FIELD_MULTILINE, FIELD_REQUIRED, 0, APPROVAL_COMMENT_MAX, NULL, "what is authorised, or why not" },
	{ 0 },
};

static const struct field f_policy[] = {
	{ "body", FIELD_MULTILINE, FIELD_REQUIRED, 0, POLICY_MAX, NULL, "the policy, Markdown" },
	{ 0 },
};

static const struct field f_controls_view[] = {
	{ "group", FIELD_TEXT, 0, 0, 32, NULL, "only the controls of this clause or theme (\"additional\": the others)" },
	{ "show", FIELD_ENUM, 0, 0, 0, show_v, "which decisions to show" },
	F_MSG,
	{ 0 },
};

#define F_REASONS \
	{ "reason_legal", FIELD_BOOL, 0, 0, 0, NULL, "a legal or regulatory requirement" }, \
	{ "reason_contract", FIELD_BOOL, 0, 0, 0, NULL, "a contractual requirement" }, \
	{ "reason_business", FIELD_BOOL, 0, 0, 0, NULL, "a business need or good practice" }

static const struct field f_bulk[] = {
	{ "control", FIELD_TEXT, FIELD_REPEAT, 0, SEL_ID_MAX, NULL, "the controls to change" },
	{ "decision", FIELD_ENUM, 0, 0, 0, bulk_decisions_v, "keep the decision, or make them applicable or excluded" },
	F_REASONS,
	{ "justification", FIELD_MULTILINE, 0, 0, SEL_JUSTIFICATION_MAX, NULL, "why they are excluded" },
	{ "status", FIELD_ENUM, 0, 0, 0, bulk_status_v, "the implementation status" },
	{ "owner", FIELD_TEXT, 0, 0, SEL_OWNER_MAX, NULL, "the owner (empty: keep)" },
	{ "group", FIELD_TEXT, 0, 0, 32, NULL, "the clause or theme shown, to go back to" },
	{ "show", FIELD_ENUM, 0, 0, 0, show_v, "the decisions shown, to go back to" },
	{ 0 },
};

static const struct field f_api_bulk[] = {
	{ "control", FIELD_TEXT, FIELD_REQUIRED | FIELD_REPEAT, 0, SEL_ID_MAX, NULL, "the controls to change" },
	{ "decision", FIELD_ENUM, 0, 0, 0, bulk_decisions_v, "keep the decision (default), or make them applicable or excluded" },
	F_REASONS,
	{ "justification", FIELD_MULTILINE, 0, 0, SEL_JUSTIFICATION_MAX, NULL, "why they are excluded" },
	{ "status", FIELD_ENUM, 0, 0, 0, bulk_status_v, "the implementation status" },
	{ "owner", FIELD_TEXT, 0, 0, SEL_OWNER_MAX, NULL, "the owner" },
	{ 0 },
};

static const struct field f_control[] = {
	{ "decision", FIELD_ENUM, FIELD_REQUIRED, 0, 0, sel_decisions_v, "applicable or excluded" },
	F_REASONS,
	{ "justification", FIELD_MULTILINE, 0, 0, SEL_JUSTIFICATION_MAX, NULL, "why it is excluded" },
	{ "status", FIELD_ENUM, 0, 0, 0, sel_status_v, "the implementation status" },
	{ "owner", FIELD_TEXT, 0, 0, SEL_OWNER_MAX, NULL, "the owner" },
	{ "impl_ref", FIELD_MULTILINE, 0, 0, SEL_REF_MAX, NULL, "where and how it is implemented" },
	{ "title", FIELD_TEXT, 0, 0, SEL_TITLE_MAX, NULL, "the title (additional controls)" },
	{ 0 },
};

static const struct field f_api_control[] = {
	{ "decision", FIELD_ENUM, 0, 0, 0, sel_decisions_v, "applicable or excluded (absent: keep)" },
	F_REASONS,
	{ "justification", FIELD_MULTILINE, 0, 0, SEL_JUSTIFICATION_MAX, NULL, "why it is excluded" },
	{ "status", FIELD_ENUM, 0, 0, 0, sel_status_v, "the implementation status" },
	{ "owner", FIELD_TEXT, 0, 0, SEL_OWNER_MAX, NULL, "the owner (\"\": none)" },
	{ "impl_ref", FIELD_MULTILINE, 0, 0, SEL_REF_MAX, NULL, "where and how it is implemented" },
	{ "title", FIELD_TEXT, 0, 0, SEL_TITLE_MAX, NULL, "the title (additional controls)" },
	{ 0 },
};

static const struct field f_additional[] = {
	{ "control", FIELD_TEXT, FIELD_REQUIRED, 0, SEL_ID_MAX, NULL, "the new control's identifier" },
	{ "title", FIELD_TEXT, FIELD_REQUIRED, 0, SEL_TITLE_MAX, NULL, "its title" },
	F_REASONS,
	{ "status", FIELD_ENUM, 0, 0, 0, sel_status_v, "the implementation status" },
	{ "owner", FIELD_TEXT, 0, 0, SEL_OWNER_MAX, NULL, "the owner" },
	{ "impl_ref", FIELD_MULTILINE, 0, 0, SEL_REF_MAX, NULL, "where and how it is implemented" },
	{ 0 },
};

static const struct field f_diff[] = {
	{ "from", FIELD_INT, 0, 1, 1000000000, NULL, "the earlier Statement of Applicability (default: the one before \"to\")" },
	{ "to", FIELD_INT, 0, 1, 1000000000, NULL, "the later one (default: the latest)" },
	{ 0 },
};

static const struct field f_export[] = {
	{ "format", FIELD_ENUM, FIELD_REQUIRED, 0, 0, export_v, "xlsx, csv, html, pdf or json" },
	{ "lang", FIELD_ENUM, 0, 0, 0, langs_v, "the language of the document (default: the page's)" },
	{ 0 },
};

static const struct field f_document[] = {
	{ "format", FIELD_ENUM, 0, 0, 0, doc_formats_v, "pdf (default), xlsx, csv, html, json; zip for \"all\"" },
	{ "lang", FIELD_ENUM, 0, 0, 0, langs_v, "the language of the document (default: the page's)" },
	{ 0 },
};

/* --- steps 3 to 6 and 8, the catalogues -------------------------------------------------- */

static const char *const msgs_risk_v[] = { "saved", "added", "deleted", "treated", "untreated",
					   "approved", "rejected", "unchanged", NULL };
#define F_MSG_RISK { "msg", FIELD_ENUM, 0, 0, 0, msgs_risk_v, "a notice to show after a change" }
static const char *const asset_types_v[] = { "information", "software", "hardware", "service",
					     "people", "site", "intangible", NULL };
static const char *const asset_sorts_v[] = { "code", "name", "type", "owner", "group", "value",
					     "updated", NULL };
static const char *const risk_sorts_v[] = { "code", "value", "asset", "owner", "evaluation",
					    "residual", NULL };
static const char *const evaluations_v[] = { "accept", "treat", "baseline", "none", NULL };
static const char *const treatments_v[] = { "reduce", "accept", "avoid", "transfer", "none", NULL };
static const char *const options_v[] = { "reduce", "accept", "avoid", "transfer", NULL };
static const char *const plan_statuses_v[] = { "planned", "in_progress", "done", NULL };
static const char *const risk_decisions_v[] = { "approve", "reject", NULL };
static const char *const approaches_v[] = { "baseline", "informal", "detailed", "combined", NULL };
static const char *const asset_modes_v[] = { "max", "sum", "per-property", NULL };
static const char *const criteria_v[] = { "threshold", "levels", "cells", NULL };
static const char *const presets_v[] = { "jipdec-3x3x3", "iso27005-5x5", NULL };
static const char *const categories_v[] = { "deliberate", "accidental", "environmental", NULL };

static const struct field f_catalog[] = {
	{ "version", FIELD_TEXT, 0, 0, 64, NULL, "the version of an imported catalogue (default: the newest)" },
	{ "q", FIELD_TEXT, 0, 0, 200, NULL, "only items whose ID, title or description contains every word" },
	{ 0 },
};

static const struct field f_catalog_item[] = {
	{ "version", FIELD_TEXT, 0, 0, 64, NULL, "the version of an imported catalogue (default: the newest)" },
	{ 0 },
};

static const struct field f_mapping[] = {
	{ "from", FIELD_INT, 0, 2005, 2022, NULL, "the edition to map from: 2005, 2013 or 2022" },
	{ "to", FIELD_INT, 0, 2005, 2022, NULL, "the edition to map to" },
	{ "control", FIELD_TEXT, 0, 0, 100, NULL, "only the links of this control (of either edition)" },
	{ 0 },
};

static const struct field f_method_page[] = {
	F_MSG_RISK,
	{ "reevaluated", FIELD_INT, 0, 0, 100000000, NULL, "how many risks the change re-evaluated" },
	{ 0 },
};

static const struct field f_method_preset[] = {
	{ "preset", FIELD_ENUM, FIELD_REQUIRED, 0, 0, presets_v, "the preset that replaces the method" },
	{ 0 },
};

static const struct field f_method_general[] = {
	{ "name_en", FIELD_TEXT, 0, 0, 100, NULL, "the method's name in English" },
	{ "name_ja", FIELD_TEXT, 0, 0, 100, NULL, "the method's name in Japanese" },
	{ "approach", FIELD_ENUM, 0, 0, 0, approaches_v, "baseline, informal, detailed or combined" },
	{ "detailed_above", FIELD_INT, 0, 0, 3000, NULL, "combined: detailed analysis for asset values above this" },
	{ "asset_mode", FIELD_ENUM, 0, 0, 0, asset_modes_v, "how C, I and A make the asset value" },
	{ "assurance_en", FIELD_MULTILINE, 0, 0, 4000, NULL, "the required level of assurance, in English" },
	{ "assurance_ja", FIELD_MULTILINE, 0, 0, 4000, NULL, "the required level of assurance, in Japanese" },
	{ 0 },
};

#define F_LABELS(maxlevels)                                                                         \
	{ "label_en", FIELD_TEXT, FIELD_REPEAT, 0, 100, NULL, "the label of each level in English, in order" }, \
	{ "label_ja", FIELD_TEXT, FIELD_REPEAT, 0, 100, NULL, "the label of each level in Japanese, in order" }, \
	{ "desc_en", FIELD_TEXT, FIELD_REPEAT, 0, 1000, NULL, "the description of each level in English" },     \
	{ "desc_ja", FIELD_TEXT, FIELD_REPEAT, 0, 1000, NULL, "the description of each level in Japanese" }

static const struct field f_method_scale[] = {
	{ "n", FIELD_INT, FIELD_REQUIRED, 2, 10, NULL, "the number of levels" },
	F_LABELS(10),
	{ 0 },
};

static const struct field f_method_levels[] = {
	{ "n", FIELD_INT, FIELD_REQUIRED, 1, 10, NULL, "the number of risk levels" },
	F_LABELS(10),
	{ "min", FIELD_TEXT, FIELD_REPEAT, 0, 5, NULL, "asset formula: the lowest value of each level" },
	{ 0 },
};

static const struct field f_method_criteria[] = {
	{ "criterion", FIELD_ENUM, FIELD_REQUIRED, 0, 0, criteria_v, "threshold, levels or cells" },
	{ "threshold", FIELD_INT, 0, 0, 3000, NULL, "accept risks whose value is at most this" },
	{ "accept_levels", FIELD_TEXT, FIELD_REPEAT, 0, 2, NULL, "the accepted risk levels (numbers)" },
	{ "cells", FIELD_TEXT, FIELD_REPEAT, 0, 8, NULL, "matrix cells as likelihood:impact:level" },
	{ "accept_cells", FIELD_TEXT, FIELD_REPEAT, 0, 5, NULL, "accepted matrix cells as likelihood:impact" },
	{ 0 },
};

static const struct field f_method_json[] = {
	{ "method", FIELD_JSON, FIELD_REQUIRED, 0, 1048576, NULL, "the whole method, as GET returns it" },
	{ 0 },
};

static const struct field f_method_set[] = {
	{ "preset", FIELD_ENUM, 0, 0, 0, presets_v, "a preset that replaces the method" },
	{ "method", FIELD_JSON, 0, 0, 1048576, NULL, "or the whole method, as GET returns it" },
	{ 0 },
};

static const struct field f_decide[] = {
	{ "decision", FIELD_ENUM, FIELD_REQUIRED, 0, 0, risk_decisions_v, "approve or reject" },
	{ "comment", FIELD_MULTILINE, 0, 0, 2000, NULL, "a comment kept with the decision" },
	{ 0 },
};

#define F_ASSET_LIST                                                                                   \
	{ "q", FIELD_TEXT, 0, 0, 200, NULL, "text in the ID, name or description" },                         \
	{ "type", FIELD_ENUM, 0, 0, 0, asset_types_v, "only assets of this type" },                          \
	{ "owner", FIELD_TEXT, 0, 0, 100, NULL, "only assets of this owner" },                               \
	{ "group", FIELD_TEXT, 0, 0, 100, NULL, "only assets of this group" },                               \
	{ "unvalued", FIELD_BOOL, 0, 0, 0, NULL, "only assets whose C, I or A is not set" },                 \
	{ "sort", FIELD_ENUM, 0, 0, 0, asset_sorts_v, "the order" },                                         \
	{ "desc", FIELD_BOOL, 0, 0, 0, NULL, "the other way round" },                                         \
	{ "offset", FIELD_INT, 0, 0, 100000000, NULL, "skip this many" },                                     \
	{ "limit", FIELD_INT, 0, 1, 1000, NULL, "at most this many (default 50)" }

static const struct field f_assets_page[] = { F_ASSET_LIST, F_MSG_RISK, { 0 } };
static const struct field f_assets[] = { F_ASSET_LIST, { 0 } };

#define F_ASSET_FIELDS                                                                                   \
	{ "name", FIELD_TEXT, 0, 0, 200, NULL, "the asset's name" },                                           \
	{ "type", FIELD_ENUM, 0, 0, 0, asset_types_v, "the asset's type" },                                     \
	{ "owner", FIELD_TEXT, 0, 0, 100, NULL, "the owner (owners: themselves)" },                             \
	{ "location", FIELD_TEXT, 0, 0, 200, NULL, "where it is" },                                            \
	{ "group", FIELD_TEXT, 0, 0, 100, NULL, "the group it is assessed with" },                              \
	{ "description", FIELD_MULTILINE, 0, 0, 4000, NULL, "what it is" },                                     \
	{ "c", FIELD_INT, 0, 0, 10, NULL, "confidentiality (0: not valued)" },                                  \
	{ "i", FIELD_INT, 0, 0, 10, NULL, "integrity (0: not valued)" },                                        \
	{ "a", FIELD_INT, 0, 0, 10, NULL, "availability (0: not valued)" },                                     \
	{ "c_reason", FIELD_MULTILINE, 0, 0, 1000, NULL, "why this confidentiality value" },                   \
	{ "i_reason", FIELD_MULTILINE, 0, 0, 1000, NULL, "why this integrity value" },                         \
	{ "a_reason", FIELD_MULTILINE, 0, 0, 1000, NULL, "why this availability value" },                      \
	{ "classification", FIELD_TEXT, 0, 0, 50, NULL, "the information classification" },                   \
	{ "depends_on", FIELD_TEXT, 0, 0, 4000, NULL, "IDs of the assets it depends on, separated by commas" }

static const struct field f_asset_add[] = {
	{ "code", FIELD_TEXT, FIELD_REQUIRED, 0, 40, NULL, "the asset's ID, such as A-001" },
	F_ASSET_FIELDS,
	{ 0 },
};

static const struct field f_asset_edit[] = { F_ASSET_FIELDS, { 0 } };

static const struct field f_import[] = {
	{ "file", FIELD_FILE, FIELD_REQUIRED, 0, 0, NULL, "the CSV (UTF-8 or Shift_JIS) or XLSX file" },
	{ "allow_unknown", FIELD_BOOL, 0, 0, 0, NULL, "skip columns that are no field" },
	{ "dry_run", FIELD_BOOL, 0, 0, 0, NULL, "check the file, change nothing" },
	{ 0 },
};

static const struct field f_library[] = {
	{ "q", FIELD_TEXT, 0, 0, 200, NULL, "only entries whose code, name or description contains every word" },
	F_MSG_RISK,
	{ 0 },
};

static const struct field f_library_api[] = {
	{ "q", FIELD_TEXT, 0, 0, 200, NULL, "only entries whose code, name or description contains every word" },
	{ 0 },
};

#define F_LIB_COMMON                                                                               \
	{ "code", FIELD_TEXT, 0, 0, 20, NULL, "the entry's code (default: the next UT-NNN or UV-NNN)" }, \
	{ "name_en", FIELD_TEXT, 0, 0, 200, NULL, "the name in English" },                              \
	{ "name_ja", FIELD_TEXT, 0, 0, 200, NULL, "the name in Japanese" },                             \
	{ "asset_types", FIELD_ENUM, FIELD_REPEAT, 0, 0, asset_types_v, "the asset types it concerns" }, \
	{ "controls", FIELD_TEXT, 0, 0, 2000, NULL, "controls of the ISMS's edition, separated by commas" }, \
	{ "desc_en", FIELD_MULTILINE, 0, 0, 2000, NULL, "the description in English" },                 \
	{ "desc_ja", FIELD_MULTILINE, 0, 0, 2000, NULL, "the description in Japanese" }

/* Changing an entry of the ISMS's own: the fields of adding but the code
 * (it is in the path and stays); only those sent change, "" clears. */
#define F_LIB_EDIT                                                                                 \
	{ "name_en", FIELD_TEXT, 0, 0, 200, NULL, "the name in English" },                              \
	{ "name_ja", FIELD_TEXT, 0, 0, 200, NULL, "the name in Japanese" },                             \
	{ "asset_types", FIELD_ENUM, FIELD_REPEAT, 0, 0, asset_types_v,                                 \
	  "the asset types it concerns (\"\" for none)" },                                                \
	{ "controls", FIELD_TEXT, 0, 0, 2000, NULL, "controls of the ISMS's edition, separated by commas" }, \
	{ "desc_en", FIELD_MULTILINE, 0, 0, 2000, NULL, "the description in English" },                 \
	{ "desc_ja", FIELD_MULTILINE, 0, 0, 2000, NULL, "the description in Japanese" }

static const struct field f_threat_add[] = {
	F_LIB_COMMON,
	{ "category", FIELD_ENUM, 0, 0, 0, categories_v, "deliberate, accidental or environmental" },
	{ "props", FIELD_TEXT, 0, 0, 10, NULL, "the properties it affects, such as CIA (API)" },
	{ "prop_c", FIELD_BOOL, 0, 0, 0, NULL, "it affects confidentiality (forms)" },
	{ "prop_i", FIELD_BOOL, 0, 0, 0, NULL, "it affects integrity (forms)" },
	{ "prop_a", FIELD_BOOL, 0, 0, 0, NULL, "it affects availability (forms)" },
	{ 0 },
};

static const struct field f_vuln_add[] = {
	F_LIB_COMMON,
	{ "threats", FIELD_TEXT, 0, 0, 2000, NULL, "codes of the threats it lets happen" },
	{ 0 },
};

static const struct field f_threat_edit[] = {
	F_LIB_EDIT,
	{ "category", FIELD_ENUM, 0, 0, 0, categories_v, "deliberate, accidental or environmental" },
	{ "props", FIELD_TEXT, 0, 0, 10, NULL, "the properties it affects, such as CIA (API)" },
	{ "prop_c", FIELD_BOOL, 0, 0, 0, NULL, "it affects confidentiality (forms)" },
	{ "prop_i", FIELD_BOOL, 0, 0, 0, NULL, "it affects integrity (forms)" },
	{ "prop_a", FIELD_BOOL, 0, 0, 0, NULL, "it affects availability (forms)" },
	{ 0 },
};

static const struct field f_vuln_edit[] = {
	F_LIB_EDIT,
	{ "threats", FIELD_TEXT, 0, 0, 2000, NULL, "codes of the threats it lets happen" },
	{ 0 },
};

#define F_RISK_LIST                                                                                \
	{ "asset", FIELD_TEXT, 0, 0, 40, NULL, "only risks of this asset" },                            \
	{ "group", FIELD_TEXT, 0, 0, 100, NULL, "only risks of this asset group" },                     \
	{ "owner", FIELD_TEXT, 0, 0, 100, NULL, "only risks of this risk owner" },                      \
	{ "evaluation", FIELD_ENUM, 0, 0, 0, evaluations_v, "accept, treat, baseline or none" },        \
	{ "treatment", FIELD_ENUM, 0, 0, 0, treatments_v, "an option, or none" },                       \
	{ "min_value", FIELD_INT, 0, 0, 3000, NULL, "only risks whose value is at least this" },       \
	{ "stale", FIELD_BOOL, 0, 0, 0, NULL, "only risks due for re-evaluation" },                     \
	{ "needs_approval", FIELD_BOOL, 0, 0, 0, NULL, "only residual risks that need approval" },      \
	{ "sort", FIELD_ENUM, 0, 0, 0, risk_sorts_v, "the order" },                                      \
	{ "desc", FIELD_BOOL, 0, 0, 0, NULL, "the other way round" },                                    \
	{ "offset", FIELD_INT, 0, 0, 100000000, NULL, "skip this many" },                                \
	{ "limit", FIELD_INT, 0, 1, 1000, NULL, "at most this many (default 50)" }

static const struct field f_risks_page[] = { F_RISK_LIST, F_MSG_RISK, { 0 } };
static const struct field f_risks[] = { F_RISK_LIST, { 0 } };

#define F_RISK_FIELDS                                                                                  \
	{ "asset", FIELD_TEXT, 0, 0, 40, NULL, "the asset's ID (or a group)" },                               \
	{ "group", FIELD_TEXT, 0, 0, 100, NULL, "the asset group (or an asset)" },                            \
	{ "threat", FIELD_TEXT, 0, 0, 200, NULL, "a threat of the library: its code or exact name" },        \
	{ "vuln", FIELD_TEXT, 0, 0, 200, NULL, "a vulnerability of the library: its code or exact name" },   \
	{ "props", FIELD_TEXT, 0, 0, 10, NULL, "the properties affected, such as CI (default: the threat's)" }, \
	{ "prop_c", FIELD_BOOL, 0, 0, 0, NULL, "forms: confidentiality affected" },                          \
	{ "prop_i", FIELD_BOOL, 0, 0, 0, NULL, "forms: integrity affected" },                                \
	{ "prop_a", FIELD_BOOL, 0, 0, 0, NULL, "forms: availability affected" },                             \
	{ "threat_level", FIELD_INT, 0, 0, 10, NULL, "the threat level (0: not assessed)" },                 \
	{ "vuln_level", FIELD_INT, 0, 0, 10, NULL, "the vulnerability level (0: not assessed)" },            \
	{ "likelihood", FIELD_INT, 0, 0, 10, NULL, "the likelihood (0: not assessed)" },                     \
	{ "impact", FIELD_INT, 0, 0, 10, NULL, "the impact (0: not assessed)" },                             \
	{ "owner", FIELD_TEXT, 0, 0, 100, NULL, "the risk owner (default: the asset's owner)" },             \
	{ "description", FIELD_MULTILINE, 0, 0, 4000, NULL, "what could happen" }

static const struct field f_risk_add[] = {
	{ "code", FIELD_TEXT, 0, 0, 40, NULL, "the risk's ID (default: the next R-NNN)" },
	F_RISK_FIELDS,
	{ 0 },
};

static const struct field f_risk_edit[] = { F_RISK_FIELDS, { 0 } };

static const struct field f_treat[] = {
	{ "option", FIELD_ENUM, 0, 0, 0, options_v, "reduce, accept, avoid or transfer (default: as it is)" },
	{ "controls", FIELD_TEXT, FIELD_REPEAT, 0, 32, NULL, "Annex A controls of the ISMS's edition (replace the present ones)" },
	{ "suggested", FIELD_BOOL, 0, 0, 0, NULL, "also add the controls the library links to the threat and vulnerability" },
	{ "extras", FIELD_MULTILINE, 0, 0, 25050, NULL, "additional controls outside Annex A, one a line" },
	{ "plan_owner", FIELD_TEXT, 0, 0, 100, NULL, "who carries out the plan" },
	{ "plan_due", FIELD_DATE, 0, 0, 0, NULL, "when it is due" },
	{ "plan_status", FIELD_ENUM, 0, 0, 0, plan_statuses_v, "planned, in_progress or done" },
	{ "plan_note", FIELD_MULTILINE, 0, 0, 4000, NULL, "a note on the plan" },
	{ "res_threat", FIELD_INT, 0, 0, 10, NULL, "the residual threat level (0: as before)" },
	{ "res_vuln", FIELD_INT, 0, 0, 10, NULL, "the residual vulnerability level (0: as before)" },
	{ "res_likelihood", FIELD_INT, 0, 0, 10, NULL, "the residual likelihood (0: as before)" },
	{ "res_impact", FIELD_INT, 0, 0, 10, NULL, "the residual impact (0: as before)" },
	{ 0 },
};

static const struct field f_suggest[] = {
	{ "asset", FIELD_TEXT, 0, 0, 40, NULL, "the asset's ID" },
	{ 0 },
};

static const struct field f_suggest_api[] = {
	{ "asset", FIELD_TEXT, 0, 0, 40, NULL, "the asset's ID (none: no suggestions)" },
	{ 0 },
};

static const struct field f_suggest_add[] = {
	{ "asset", FIELD_TEXT, FIELD_REQUIRED, 0, 40, NULL, "the asset's ID" },
	{ "pairs", FIELD_TEXT, FIELD_REPEAT, 0, 41, NULL, "the pairs to add as risks: THREAT|VULNERABILITY" },
	{ 0 },
};

static const struct field f_queue[] = { F_MSG_RISK, { 0 } };
static const struct field f_msg_only_risk[] = { F_MSG_RISK, { 0 } };

/* --- the table ------------------------------------------------------------------------- */

#define LOGIN ROUTE_LOGIN
#define WRITE ROUTE_WRITE
#define API ROUTE_API
#define ISMS (ROUTE_LOGIN | ROUTE_ISMS)
#define SESSION ROUTE_SESSION

const struct route web_routes[] = {
	/* pages */
	{ HTTP_GET, "/", page_root, 0, 0, NULL, NULL, "Go to the ISMS, or to the login" },
	{ HTTP_GET, "/login", page_login, 0, 0, f_login_page, NULL, "The login form" },
	{ HTTP_POST, "/login", page_login_post, WRITE | ROUTE_PRELOGIN, 0, f_login, NULL, "Log in" },
	{ HTTP_POST, "/logout", page_logout, LOGIN | WRITE, 0, NULL, NULL, "Log out" },
	{ HTTP_GET, "/setup", page_setup, 0, 0, f_setup_page, NULL, "The first administrator's form" },
	{ HTTP_POST, "/setup", page_setup_post, WRITE | ROUTE_PRELOGIN, 0, f_setup, NULL,
	  "Create the first administrator" },
	{ HTTP_GET, "/isms", page_isms_list, LOGIN, 0, f_msg, NULL, "Choose an ISMS" },
	{ HTTP_POST, "/isms", page_isms_create, LOGIN | WRITE | ROUTE_ADMIN, 0, f_isms_create, NULL,
	  "Create an ISMS" },
	{ HTTP_GET, "/isms/{isms:id}", page_dashboard, ISMS, ROLE_VIEWER, NULL, NULL,
	  "The dashboard: progress through the ten steps" },
	{ HTTP_GET, "/isms/{isms:id}/users", page_users, ISMS, ROLE_MANAGER, f_msg, NULL,
	  "Users and their roles in the ISMS" },
	{ HTTP_POST, "/isms/{isms:id}/users", page_user_add, ISMS | WRITE, ROLE_ADMIN, f_user_add,
	  NULL, "Add a user with a role in the ISMS" },
	{ HTTP_POST, "/isms/{isms:id}/users/{user:name}/role", page_user_role, ISMS | WRITE,
	  ROLE_ADMIN, f_role, NULL, "Set a user's role in the ISMS" },
	{ HTTP_POST, "/isms/{isms:id}/users/{user:name}/password", page_user_password, ISMS | WRITE,
	  ROLE_ADMIN, f_set_password, NULL, "Set a user's password" },
	{ HTTP_GET, "/isms/{isms:id}/log", page_log, ISMS, ROLE_AUDITOR, f_log, NULL,
	  "The audit log, filtered" },
	{ HTTP_GET, "/isms/{isms:id}/log/verify", page_log_verify, ISMS, ROLE_AUDITOR, NULL, NULL,
	  "Verify the audit log's hash chain" },
	/* steps 3 to 6 and 8, and the catalogues */
	{ HTTP_GET, "/isms/{isms:id}/catalogs", page_catalogs, ISMS, ROLE_VIEWER, NULL, NULL,
	  "The control catalogues: Annex A in its editions, and those imported" },
	{ HTTP_GET, "/isms/{isms:id}/catalogs/{catalog:code}", page_catalog, ISMS, ROLE_VIEWER, f_catalog,
	  NULL, "A catalogue's items by clause or theme, with search" },
	{ HTTP_GET, "/isms/{isms:id}/catalogs/{catalog:code}/items/{item:code}", page_catalog_item, ISMS,
	  ROLE_VIEWER, f_catalog_item, NULL, "One control, with its counterparts in the other editions" },
	{ HTTP_GET, "/isms/{isms:id}/mapping", page_mapping, ISMS, ROLE_VIEWER, f_mapping, NULL,
	  "How the controls of one edition map onto another" },
	{ HTTP_GET, "/isms/{isms:id}/method", page_method, ISMS, ROLE_VIEWER, f_method_page, NULL,
	  "Step 3: the risk assessment method, and its editors" },
	{ HTTP_POST, "/isms/{isms:id}/method/preset", page_method_preset, ISMS | WRITE, ROLE_MANAGER,
	  f_method_preset, NULL, "Replace the method by a preset and re-evaluate every risk" },
	{ HTTP_POST, "/isms/{isms:id}/method/general", page_method_general, ISMS | WRITE, ROLE_MANAGER,
	  f_method_general, NULL, "Change the method's name, approach and assurance" },
	{ HTTP_POST, "/isms/{isms:id}/method/scales/{scale:name}", page_method_scale, ISMS | WRITE,
	  ROLE_MANAGER, f_method_scale, NULL, "Change one scale of the method" },
	{ HTTP_POST, "/isms/{isms:id}/method/levels", page_method_levels, ISMS | WRITE, ROLE_MANAGER,
	  f_method_levels, NULL, "Change the risk levels of the method" },
	{ HTTP_POST, "/isms/{isms:id}/method/criteria", page_method_criteria, ISMS | WRITE, ROLE_MANAGER,
	  f_method_criteria, NULL, "Change the risk matrix and the acceptance criterion" },
	{ HTTP_POST, "/isms/{isms:id}/method/json", page_method_json, ISMS | WRITE, ROLE_MANAGER,
	  f_method_json, NULL, "Set the whole method from JSON" },
	{ HTTP_POST, "/isms/{isms:id}/method/approval", page_method_approval, ISMS | WRITE, ROLE_APPROVER,
	  f_decide, NULL, "Approve or reject the method in force" },
	{ HTTP_GET, "/isms/{isms:id}/assets", page_assets, ISMS, ROLE_VIEWER, f_assets_page, NULL,
	  "Step 4: the asset inventory, filtered, sorted and paged" },
	{ HTTP_POST, "/isms/{isms:id}/assets", page_asset_add, ISMS | WRITE, ROLE_OWNER, f_asset_add,
	  NULL, "Add an asset" },
	{ HTTP_GET, "/isms/{isms:id}/assets/{asset:code}", page_asset, ISMS, ROLE_VIEWER, f_msg_only_risk,
	  NULL, "One asset, its dependencies and its risks" },
	{ HTTP_POST, "/isms/{isms:id}/assets/{asset:code}", page_asset_edit, ISMS | WRITE, ROLE_OWNER,
	  f_asset_edit, NULL, "Change an asset" },
	{ HTTP_GET, "/isms/{isms:id}/assets/{asset:code}/delete", page_asset_delete_form, ISMS,
	  ROLE_OWNER, NULL, NULL, "Confirm the deletion of an asset" },
	{ HTTP_POST, "/isms/{isms:id}/assets/{asset:code}/delete", page_asset_delete, ISMS | WRITE,
	  ROLE_OWNER, NULL, NULL, "Delete an asset" },
	{ HTTP_GET, "/isms/{isms:id}/import/assets", page_asset_import_form, ISMS, ROLE_MANAGER, NULL,
	  NULL, "The form to import assets from CSV or XLSX" },
	{ HTTP_POST, "/isms/{isms:id}/import/assets", page_asset_import, ISMS | WRITE | ROUTE_UPLOAD,
	  ROLE_MANAGER, f_import, NULL, "Import assets from CSV or XLSX: all rows or none, with an error report" },
	{ HTTP_GET, "/isms/{isms:id}/library", page_library, ISMS, ROLE_VIEWER, f_library, NULL,
	  "The threat and vulnerability library" },
	{ HTTP_POST, "/isms/{isms:id}/library/threats", page_threat_add, ISMS | WRITE, ROLE_MANAGER,
	  f_threat_add, NULL, "Add a threat of the ISMS's own" },
	{ HTTP_POST, "/isms/{isms:id}/library/vulns", page_vuln_add, ISMS | WRITE, ROLE_MANAGER,
	  f_vuln_add, NULL, "Add a vulnerability of the ISMS's own" },
	{ HTTP_POST, "/isms/{isms:id}/library/threats/{threat:code}", page_threat_edit, ISMS | WRITE,
	  ROLE_MANAGER, f_threat_edit, NULL, "Change a threat of the ISMS's own" },
	{ HTTP_POST, "/isms/{isms:id}/library/threats/{threat:code}/delete", page_threat_delete,
	  ISMS | WRITE, ROLE_MANAGER, NULL, NULL, "Delete a threat of the ISMS's own" },
	{ HTTP_POST, "/isms/{isms:id}/library/vulns/{vuln:code}", page_vuln_edit, ISMS | WRITE,
	  ROLE_MANAGER, f_vuln_edit, NULL, "Change a vulnerability of the ISMS's own" },
	{ HTTP_POST, "/isms/{isms:id}/library/vulns/{vuln:code}/delete", page_vuln_delete, ISMS | WRITE,
	  ROLE_MANAGER, NULL, NULL, "Delete a vulnerability of the ISMS's own" },
	{ HTTP_GET, "/isms/{isms:id}/risks", page_risks, ISMS, ROLE_VIEWER, f_risks_page, NULL,
	  "Steps 4 and 5: the risk register, filtered, sorted and paged" },
	{ HTTP_POST, "/isms/{isms:id}/risks", page_risk_add, ISMS | WRITE, ROLE_OWNER, f_risk_add, NULL,
	  "Add a risk" },
	{ HTTP_GET, "/isms/{isms:id}/risks/{risk:code}", page_risk, ISMS, ROLE_VIEWER, f_msg_only_risk,
	  NULL, "One risk, its evaluation explained, its treatment and approval" },
	{ HTTP_POST, "/isms/{isms:id}/risks/{risk:code}", page_risk_edit, ISMS | WRITE, ROLE_OWNER,
	  f_risk_edit, NULL, "Change a risk" },
	{ HTTP_GET, "/isms/{isms:id}/risks/{risk:code}/delete", page_risk_delete_form, ISMS, ROLE_OWNER,
	  NULL, NULL, "Confirm the deletion of a risk" },
	{ HTTP_POST, "/isms/{isms:id}/risks/{risk:code}/delete", page_risk_delete, ISMS | WRITE,
	  ROLE_OWNER, NULL, NULL, "Delete a risk" },
	{ HTTP_GET, "/isms/{isms:id}/risks/{risk:code}/treatment", page_risk_treatment, ISMS, ROLE_VIEWER,
	  f_msg_only_risk, NULL, "Step 6: the treatment form of a risk, with its residual risk" },
	{ HTTP_POST, "/isms/{isms:id}/risks/{risk:code}/treatment", page_risk_treat, ISMS | WRITE,
	  ROLE_OWNER, f_treat, NULL, "Save the treatment of a risk" },
	{ HTTP_POST, "/isms/{isms:id}/risks/{risk:code}/untreat", page_risk_untreat, ISMS | WRITE,
	  ROLE_OWNER, NULL, NULL, "Remove the treatment of a risk" },
	{ HTTP_GET, "/isms/{isms:id}/risk-suggestions", page_risk_suggest, ISMS, ROLE_VIEWER, f_suggest,
	  NULL, "The threat and vulnerability pairs the library suggests for an asset" },
	{ HTTP_POST, "/isms/{isms:id}/risk-suggestions", page_risk_suggest_add, ISMS | WRITE, ROLE_OWNER,
	  f_suggest_add, NULL, "Add suggested pairs as risks of an asset" },
	{ HTTP_GET, "/isms/{isms:id}/approvals", page_approvals, ISMS, ROLE_VIEWER, f_queue, NULL,
	  "Step 8: the approver's queue of residual risks" },
	{ HTTP_POST, "/isms/{isms:id}/approvals/{risk:code}", page_approval_decide, ISMS | WRITE,
	  ROLE_APPROVER, f_decide, NULL, "Approve or reject a residual risk" },
	/* steps 1, 2, 7, 9 and 10, and the documents */
	{ HTTP_GET, "/isms/{isms:id}/scope", page_scope, ISMS, ROLE_VIEWER, f_version, NULL,
	  "Step 1: the scope, its versions and its approval" },
	{ HTTP_GET, "/isms/{isms:id}/scope/edit", page_scope_edit, ISMS, ROLE_MANAGER, NULL, NULL,
	  "The form of the scope" },
	{ HTTP_POST, "/isms/{isms:id}/scope", page_scope_save, ISMS | WRITE, ROLE_MANAGER, f_scope, NULL,
	  "Save the scope as a new version" },
	{ HTTP_POST, "/isms/{isms:id}/scope/approve", page_scope_approve, ISMS | WRITE, ROLE_APPROVER,
	  f_decision, NULL, "Approve or reject the latest version of the scope" },
	{ HTTP_GET, "/isms/{isms:id}/policy", page_policy, ISMS, ROLE_VIEWER, f_version, NULL,
	  "Step 2: the policy, its versions and its approval" },
	{ HTTP_GET, "/isms/{isms:id}/policy/edit", page_policy_edit, ISMS, ROLE_MANAGER, NULL, NULL,
	  "The Markdown editor of the policy" },
	{ HTTP_POST, "/isms/{isms:id}/policy", page_policy_save, ISMS | WRITE, ROLE_MANAGER, f_policy,
	  NULL, "Save the policy as a new version" },
	{ HTTP_POST, "/isms/{isms:id}/policy/preview", page_policy_preview, ISMS | WRITE, ROLE_MANAGER,
	  f_policy, NULL, "The editor with a preview of the text (nothing is saved)" },
	{ HTTP_POST, "/isms/{isms:id}/policy/approve", page_policy_approve, ISMS | WRITE, ROLE_APPROVER,
	  f_decision, NULL, "Approve or reject the latest version of the policy" },
	{ HTTP_GET, "/isms/{isms:id}/controls", page_controls, ISMS, ROLE_VIEWER, f_controls_view, NULL,
	  "Step 7: the controls by clause or theme, with bulk edit" },
	{ HTTP_POST, "/isms/{isms:id}/controls", page_controls_bulk, ISMS | WRITE, ROLE_MANAGER, f_bulk,
	  NULL, "Change several controls at once" },
	{ HTTP_POST, "/isms/{isms:id}/controls/additional", page_control_add, ISMS | WRITE, ROLE_MANAGER,
	  f_additional, NULL, "Add a control outside Annex A" },
	{ HTTP_GET, "/isms/{isms:id}/controls/{control:name}", page_control, ISMS, ROLE_VIEWER, f_msg,
	  NULL, "One control: its decision and the form to change it" },
	{ HTTP_POST, "/isms/{isms:id}/controls/{control:name}", page_control_save, ISMS | WRITE,
	  ROLE_MANAGER, f_control, NULL, "Change one control's decision" },
	{ HTTP_POST, "/isms/{isms:id}/controls/{control:name}/remove", page_control_remove,
	  ISMS | WRITE, ROLE_MANAGER, NULL, NULL, "Remove an additional control" },
	{ HTTP_GET, "/isms/{isms:id}/authorisation", page_authorisation, ISMS, ROLE_VIEWER, f_msg, NULL,
	  "Step 9: management's authorisation, what it covers, whether it still holds" },
	{ HTTP_POST, "/isms/{isms:id}/authorisation", page_authorisation_decide, ISMS | WRITE,
	  ROLE_APPROVER, f_authorise, NULL, "Authorise the ISMS, or refuse" },
	{ HTTP_GET, "/isms/{isms:id}/soa", page_soa_list, ISMS, ROLE_VIEWER, f_msg, NULL,
	  "Step 10: the Statements of Applicability" },
	{ HTTP_POST, "/isms/{isms:id}/soa", page_soa_generate, ISMS | WRITE, ROLE_MANAGER, NULL, NULL,
	  "Generate the next Statement of Applicability" },
	{ HTTP_GET, "/isms/{isms:id}/soa/diff", page_soa_diff, ISMS, ROLE_VIEWER, f_diff, NULL,
	  "What changed between two Statements of Applicability" },
	{ HTTP_GET, "/isms/{isms:id}/soa/{soa:id}", page_soa, ISMS, ROLE_VIEWER, f_msg, NULL,
	  "One Statement of Applicability" },
	{ HTTP_POST, "/isms/{isms:id}/soa/{soa:id}/approve", page_soa_approve, ISMS | WRITE,
	  ROLE_APPROVER, f_decision, NULL, "Approve or reject a Statement of Applicability" },
	{ HTTP_GET, "/isms/{isms:id}/soa/{soa:id}/export", page_soa_export, ISMS, ROLE_VIEWER, f_export,
	  NULL, "A Statement of Applicability as XLSX, CSV, HTML, PDF or JSON, in Japanese or English" },
	{ HTTP_GET, "/isms/{isms:id}/documents", page_documents, ISMS, ROLE_VIEWER, NULL, NULL,
	  "The documents of the ISMS" },
	{ HTTP_GET, "/isms/{isms:id}/documents/{report:name}", page_document, ISMS, ROLE_VIEWER,
	  f_document, NULL, "One document as a file, or \"all\": the document set as a zip" },
	{ HTTP_GET, "/account", page_account, LOGIN, 0, f_msg, NULL,
	  "Your account: password, language, API tokens" },
	{ HTTP_POST, "/account/password", page_account_password, LOGIN | WRITE | SESSION, 0,
	  f_own_password, NULL, "Change your password" },
	{ HTTP_POST, "/account/lang", page_account_lang, LOGIN | WRITE, 0, f_lang, NULL,
	  "Choose your language" },
	{ HTTP_POST, "/account/tokens", page_token_create, LOGIN | WRITE | SESSION, 0, f_token,
	  NULL, "Create an API token" },
	{ HTTP_POST, "/account/tokens/{token:id}/revoke", page_token_revoke,
	  LOGIN | WRITE | SESSION, 0, NULL, NULL, "Revoke an API token" },
	{ HTTP_GET, "/static/{file:static}", web_static, ROUTE_NOAUTH, 0, f_static, NULL,
	  "Style sheets and scripts" },

	/* the JSON API */
	{ HTTP_GET, "/api/v1/openapi.json", api_openapi, API, 0, NULL, "OpenApi",
	  "This API's OpenAPI 3.1 document" },
	{ HTTP_POST, "/api/v1/login", api_login, API | WRITE, 0, f_api_login, "Session",
	  "Log in: sets the session cookie and returns the CSRF token" },
	{ HTTP_POST, "/api/v1/logout", api_logout, API | LOGIN | WRITE, 0, NULL, "Ok",
	  "Log out of the cookie session" },
	{ HTTP_GET, "/api/v1/session", api_session, API | LOGIN, 0, NULL, "Session",
	  "Who is logged in, and the CSRF token of the session" },
	{ HTTP_PUT, "/api/v1/account/password", api_account_password,
	  API | LOGIN | WRITE | SESSION, 0, f_api_own_password, "Ok", "Change your password" },
	{ HTTP_PUT, "/api/v1/account/lang", api_account_lang, API | LOGIN | WRITE, 0, f_api_lang,
	  "Ok", "Choose your language" },
	{ HTTP_GET, "/api/v1/account/tokens", api_tokens, API | LOGIN, 0, NULL, "Tokens",
	  "Your API tokens" },
	{ HTTP_POST, "/api/v1/account/tokens", api_token_create, API | LOGIN | WRITE | SESSION, 0,
	  f_token, "TokenCreated", "Create an API token; the token is shown only in this response" },
	{ HTTP_DELETE, "/api/v1/account/tokens/{token:id}", api_token_revoke,
	  API | LOGIN | WRITE | SESSION, 0, NULL, "Ok", "Revoke an API token" },
	{ HTTP_GET, "/api/v1/roles", api_roles, API | LOGIN, 0, NULL, "Roles",
	  "The roles a user can have in an ISMS" },
	{ HTTP_GET, "/api/v1/isms", api_isms_list, API | LOGIN, 0, NULL, "IsmsList",
	  "The ISMS you can reach, with your role in each" },
	{ HTTP_POST, "/api/v1/isms", api_isms_create, API | LOGIN | WRITE | ROUTE_ADMIN, 0,
	  f_isms_create, "Isms", "Create an ISMS" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}", api_isms_get, API | ISMS, ROLE_VIEWER, NULL, "Isms",
	  "One ISMS" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/status", api_status, API | ISMS, ROLE_VIEWER, NULL,
	  "Status", "Progress through the ten steps" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/users", api_users, API | ISMS, ROLE_MANAGER, NULL,
	  "Users", "Users and their roles in the ISMS" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/users", api_user_add, API | ISMS | WRITE, ROLE_ADMIN,
	  f_user_add, "User", "Add a user with a role in the ISMS" },
	{ HTTP_PUT, "/api/v1/isms/{isms:id}/users/{user:name}/role", api_user_role,
	  API | ISMS | WRITE, ROLE_ADMIN, f_role, "User", "Set a user's role in the ISMS" },
	{ HTTP_PUT, "/api/v1/isms/{isms:id}/users/{user:name}/password", api_user_password,
	  API | ISMS | WRITE, ROLE_ADMIN, f_api_set_password, "Ok", "Set a user's password" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/scope", api_scope, API | ISMS, ROLE_VIEWER, f_api_version,
	  "Scope", "The scope (the latest version, or an older one)" },
	{ HTTP_PUT, "/api/v1/isms/{isms:id}/scope", api_scope_save, API | ISMS | WRITE, ROLE_MANAGER,
	  f_scope, "Saved", "Save the scope as a new version (nothing when unchanged)" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/scope/versions", api_scope_versions, API | ISMS, ROLE_VIEWER,
	  NULL, "Versions", "The versions of the scope and their approvals" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/scope/approve", api_scope_approve, API | ISMS | WRITE,
	  ROLE_APPROVER, f_decision, "Decision", "Approve or reject the latest version of the scope" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/policy", api_policy, API | ISMS, ROLE_VIEWER, f_api_version,
	  "Policy", "The policy (the latest version, or an older one), with its HTML" },
	{ HTTP_PUT, "/api/v1/isms/{isms:id}/policy", api_policy_save, API | ISMS | WRITE, ROLE_MANAGER,
	  f_policy, "Saved", "Save the policy as a new version (nothing when unchanged)" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/policy/versions", api_policy_versions, API | ISMS,
	  ROLE_VIEWER, NULL, "Versions", "The versions of the policy and their approvals" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/policy/preview", api_policy_preview, API | ISMS | WRITE,
	  ROLE_MANAGER, f_policy, "Preview", "The HTML of a policy text (nothing is saved)" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/policy/approve", api_policy_approve, API | ISMS | WRITE,
	  ROLE_APPROVER, f_decision, "Decision", "Approve or reject the latest version of the policy" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/controls", api_controls, API | ISMS, ROLE_VIEWER, NULL,
	  "Controls", "Every control of the edition and the additional ones, with their selection" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/controls", api_controls_bulk, API | ISMS | WRITE,
	  ROLE_MANAGER, f_api_bulk, "ControlsChanged", "Change several controls in one transaction" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/controls/additional", api_control_add, API | ISMS | WRITE,
	  ROLE_MANAGER, f_additional, "Control", "Add a control outside Annex A" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/controls/{control:name}", api_control, API | ISMS,
	  ROLE_VIEWER, NULL, "Control", "One control and its selection" },
	{ HTTP_PUT, "/api/v1/isms/{isms:id}/controls/{control:name}", api_control_save,
	  API | ISMS | WRITE, ROLE_MANAGER, f_api_control, "Control",
	  "Change one control: only the fields sent" },
	{ HTTP_DELETE, "/api/v1/isms/{isms:id}/controls/{control:name}", api_control_remove,
	  API | ISMS | WRITE, ROLE_MANAGER, NULL, "Ok", "Remove an additional control" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/authorisation", api_authorisation, API | ISMS, ROLE_VIEWER,
	  NULL, "Authorisation", "Management's authorisation: its state, what it covers, its history" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/authorisation", api_authorisation_decide,
	  API | ISMS | WRITE, ROLE_APPROVER, f_api_authorise, "Authorisation",
	  "Authorise the ISMS, or refuse" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/soa", api_soa_list, API | ISMS, ROLE_VIEWER, NULL, "SoaList",
	  "The Statements of Applicability" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/soa", api_soa_generate, API | ISMS | WRITE, ROLE_MANAGER,
	  NULL, "Soa", "Generate the next Statement of Applicability" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/soa/diff", api_soa_diff, API | ISMS, ROLE_VIEWER, f_diff,
	  "SoaDiff", "What changed between two Statements of Applicability" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/soa/{soa:id}", api_soa, API | ISMS, ROLE_VIEWER, NULL, "Soa",
	  "One Statement of Applicability with its rows" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/soa/{soa:id}/approve", api_soa_approve, API | ISMS | WRITE,
	  ROLE_APPROVER, f_decision, "Soa", "Approve or reject a Statement of Applicability" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/documents", api_documents, API | ISMS, ROLE_VIEWER, NULL,
	  "Documents", "The documents of the ISMS, their formats and where to download them" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/catalogs", api_catalogs, API | ISMS, ROLE_VIEWER, NULL,
	  "Catalogs", "The control catalogues: Annex A in its editions, and those imported" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/catalogs/{catalog:code}", api_catalog, API | ISMS,
	  ROLE_VIEWER, f_catalog, "Catalog", "A catalogue's items in order, with search" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/catalogs/{catalog:code}/items/{item:code}", api_catalog_item,
	  API | ISMS, ROLE_VIEWER, f_catalog_item, "CatalogItem",
	  "One item, with its counterparts in the other editions" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/mapping", api_mapping, API | ISMS, ROLE_VIEWER, f_mapping,
	  "Mapping", "How the controls of one edition map onto another" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/method", api_method, API | ISMS, ROLE_VIEWER, NULL, "Method",
	  "The risk assessment method in force, its version and approval" },
	{ HTTP_PUT, "/api/v1/isms/{isms:id}/method", api_method_set, API | ISMS | WRITE, ROLE_MANAGER,
	  f_method_set, "Method", "Set the method (a preset or the whole method) and re-evaluate every risk" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/method/approval", api_method_approval, API | ISMS | WRITE,
	  ROLE_APPROVER, f_decide, "Method", "Approve or reject the method in force" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/assets", api_assets, API | ISMS, ROLE_VIEWER, f_assets,
	  "Assets", "The asset inventory, filtered, sorted and paged" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/assets", api_asset_add, API | ISMS | WRITE, ROLE_OWNER,
	  f_asset_add, "Asset", "Add an asset" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/assets/{asset:code}", api_asset, API | ISMS, ROLE_VIEWER,
	  NULL, "Asset", "One asset with its dependencies both ways" },
	{ HTTP_PUT, "/api/v1/isms/{isms:id}/assets/{asset:code}", api_asset_edit, API | ISMS | WRITE,
	  ROLE_OWNER, f_asset_edit, "Asset", "Change an asset: only the fields sent" },
	{ HTTP_DELETE, "/api/v1/isms/{isms:id}/assets/{asset:code}", api_asset_delete,
	  API | ISMS | WRITE, ROLE_OWNER, NULL, "Ok", "Delete an asset" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/import/assets", api_asset_import,
	  API | ISMS | WRITE | ROUTE_UPLOAD, ROLE_MANAGER, f_import, "ImportResult",
	  "Import assets from CSV or XLSX (multipart/form-data): all rows or none" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/library", api_library, API | ISMS, ROLE_VIEWER,
	  f_library_api, "Library", "The threat and vulnerability library, in the current language" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/library/threats", api_threat_add, API | ISMS | WRITE,
	  ROLE_MANAGER, f_threat_add, "Threat", "Add a threat of the ISMS's own" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/library/vulns", api_vuln_add, API | ISMS | WRITE,
	  ROLE_MANAGER, f_vuln_add, "Vulnerability", "Add a vulnerability of the ISMS's own" },
	{ HTTP_PUT, "/api/v1/isms/{isms:id}/library/threats/{threat:code}", api_threat_edit,
	  API | ISMS | WRITE, ROLE_MANAGER, f_threat_edit, "Threat",
	  "Change a threat of the ISMS's own: only the fields sent" },
	{ HTTP_DELETE, "/api/v1/isms/{isms:id}/library/threats/{threat:code}", api_threat_delete,
	  API | ISMS | WRITE, ROLE_MANAGER, NULL, "Ok", "Delete a threat of the ISMS's own" },
	{ HTTP_PUT, "/api/v1/isms/{isms:id}/library/vulns/{vuln:code}", api_vuln_edit,
	  API | ISMS | WRITE, ROLE_MANAGER, f_vuln_edit, "Vulnerability",
	  "Change a vulnerability of the ISMS's own: only the fields sent" },
	{ HTTP_DELETE, "/api/v1/isms/{isms:id}/library/vulns/{vuln:code}", api_vuln_delete,
	  API | ISMS | WRITE, ROLE_MANAGER, NULL, "Ok", "Delete a vulnerability of the ISMS's own" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/risks", api_risks, API | ISMS, ROLE_VIEWER, f_risks, "Risks",
	  "The risk register, filtered, sorted and paged" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/risks", api_risk_add, API | ISMS | WRITE, ROLE_OWNER,
	  f_risk_add, "RiskDetail", "Add a risk" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/risks/{risk:code}", api_risk, API | ISMS, ROLE_VIEWER, NULL,
	  "RiskDetail", "One risk with its evaluation and approval" },
	{ HTTP_PUT, "/api/v1/isms/{isms:id}/risks/{risk:code}", api_risk_edit, API | ISMS | WRITE,
	  ROLE_OWNER, f_risk_edit, "RiskDetail", "Change a risk: only the fields sent" },
	{ HTTP_DELETE, "/api/v1/isms/{isms:id}/risks/{risk:code}", api_risk_delete, API | ISMS | WRITE,
	  ROLE_OWNER, NULL, "Ok", "Delete a risk" },
	{ HTTP_PUT, "/api/v1/isms/{isms:id}/risks/{risk:code}/treatment", api_risk_treat,
	  API | ISMS | WRITE, ROLE_OWNER, f_treat, "RiskDetail", "Set the treatment of a risk: only the fields sent" },
	{ HTTP_DELETE, "/api/v1/isms/{isms:id}/risks/{risk:code}/treatment", api_risk_untreat,
	  API | ISMS | WRITE, ROLE_OWNER, NULL, "RiskDetail", "Remove the treatment of a risk" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/risk-suggestions", api_risk_suggest, API | ISMS, ROLE_VIEWER,
	  f_suggest_api, "Suggestions", "The threat and vulnerability pairs the library suggests for an asset" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/risk-suggestions", api_risk_suggest_add, API | ISMS | WRITE,
	  ROLE_OWNER, f_suggest_add, "SuggestionsAdded", "Add suggested pairs as risks of an asset" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/approvals", api_approvals, API | ISMS, ROLE_VIEWER, NULL,
	  "ApprovalQueue", "The residual risks that need approval, with the state of each" },
	{ HTTP_POST, "/api/v1/isms/{isms:id}/approvals/{risk:code}", api_approval_decide,
	  API | ISMS | WRITE, ROLE_APPROVER, f_decide, "RiskDetail", "Approve or reject a residual risk" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/log", api_log, API | ISMS, ROLE_AUDITOR, f_log, "Log",
	  "The audit log, filtered" },
	{ HTTP_GET, "/api/v1/isms/{isms:id}/log/verify", api_log_verify, API | ISMS, ROLE_AUDITOR,
	  NULL, "LogVerify", "Verify the audit log's hash chain" },
	{ 0 },
};

#undef LOGIN
#undef WRITE
#undef API
#undef ISMS

/* --- matching ------------------------------------------------------------------------------ */

static bool valid_name(const char *s, size_t len)
{
	if (len == 0 || len > USER_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr("._@-", s[i])))
			return false;
	return true;
}

static bool valid_static(const char *s, size_t len)
{
	if (len == 0 || len > 100 || s[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr("._-", s[i])))
			return false;
	return true;
}

/* An identifier users choose (an asset's or a risk's ID, a control's):
 * UTF-8 without "/" or control characters, 1 to 200 bytes. */
static bool valid_code(const char *s, size_t len)
{
	size_t bad;

	if (len == 0 || len > 200 || !utf8_valid(s, len, &bad))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '/')
			return false;
	return true;
}

/* A path parameter of `type` ("id", "name", "code", "static"). */
static bool param_valid(const char *type, size_t tlen, const char *s, size_t len)
{
	char buf[24];
	long long v;

	if (tlen == 2 && !strncmp(type, "id", 2)) {
		if (len == 0 || len >= sizeof(buf) || s[0] == '0')
			return false;
		memcpy(buf, s, len);
		buf[len] = '\0';
		return isms_parse_int(buf, 1, INT64_MAX, &v);
	}
	if (tlen == 4 && !strncmp(type, "name", 4))
		return valid_name(s, len);
	if (tlen == 6 && !strncmp(type, "static", 6))
		return valid_static(s, len);
	if (tlen == 4 && !strncmp(type, "code", 4))
		return valid_code(s, len);
	return false;
}

/*
 * Matching. Each pattern is split once into its segments; a path is split
 * once per request and compared with each route segment by segment, most
 * routes failing on the count of segments or the first literal one.
 */
#define SEGS_MAX 12

struct seg {
	const char *s; /* after the '/' */
	size_t len;
	const char *name; /* a parameter "{name:type}": its name and type */
	size_t name_len;
	const char *type;
	size_t type_len;
};

struct split {
	size_t n;
	struct seg seg[SEGS_MAX];
};

static struct split *compiled;
static pthread_once_t compiled_once = PTHREAD_ONCE_INIT;

/* Split "/a/b/c" into its segments; false for more than SEGS_MAX or for a
 * path not starting with '/'. */
static bool split_path(const char *path, struct split *ret)
{
	const char *s = path;

	ret->n = 0;
	if (*s != '/')
		return false;
	while (*s == '/') {
		const char *e = strchrnul(s + 1, '/');
		struct seg *g;

		if (ret->n == SEGS_MAX)
			return false;
		g = &ret->seg[ret->n++];
		memset(g, 0, sizeof(*g));
		g->s = s + 1;
		g->len = (size_t)(e - s - 1);
		s = e;
	}
	return *s == '\0';
}

static void compile_routes(void)
{
	size_t n = 0;

	while (web_routes[n].pattern)
		n++;
	compiled = xcalloc(n, sizeof(*compiled));
	for (size_t i = 0; i < n; i++) {
		struct split *sp = &compiled[i];

		if (!split_path(web_routes[i].pattern, sp))
			abort(); /* a route table error: tests list every route */
		for (size_t k = 0; k < sp->n; k++) {
			struct seg *g = &sp->seg[k];
			const char *colon;

			if (g->len < 2 || g->s[0] != '{' || g->s[g->len - 1] != '}')
				continue;
			colon = memchr(g->s, ':', g->len);
			if (!colon)
				abort();
			g->name = g->s + 1;
			g->name_len = (size_t)(colon - g->s - 1);
			g->type = colon + 1;
			g->type_len = (size_t)(g->s + g->len - 1 - colon - 1);
		}
	}
}

/* Match the split path against route `i`, storing the parameters in `r`
 * when `store`. */
static bool match(struct req *r, size_t i, const struct split *path, bool store)
{
	const struct split *pt = &compiled[i];
	size_t n = 0;

	if (pt->n != path->n)
		return false;
	for (size_t k = 0; k < pt->n; k++) {
		const struct seg *p = &pt->seg[k], *s = &path->seg[k];

		if (!p->name) {
			if (p->len != s->len || memcmp(p->s, s->s, p->len))
				return false;
			continue;
		}
		if (n >= REQ_PARAMS_MAX || !param_valid(p->type, p->type_len, s->s, s->len))
			return false;
		if (store) {
			r->params[n].name = arena_strndup(&r->arena, p->name, p->name_len);
			r->params[n].value = arena_strndup(&r->arena, s->s, s->len);
		}
		n++;
	}
	if (store)
		r->nparams = n;
	return true;
}

const struct route *route_match(struct req *r, unsigned method, const char *path,
				unsigned *ret_allowed)
{
	const struct route *found = NULL;
	struct split sp;

	*ret_allowed = 0;
	if (!path || strlen(path) > 1024 || !split_path(path, &sp))
		return NULL;
	pthread_once(&compiled_once, compile_routes);
	for (size_t i = 0; web_routes[i].pattern; i++) {
		if (!match(r, i, &sp, false))
			continue;
		*ret_allowed |= web_routes[i].method;
		if (!found && web_routes[i].method == method) {
			found = &web_routes[i];
			match(r, i, &sp, true);
		}
	}
	return found;
}

/* --- dispatch ---------------------------------------------------------------------------------- */

static void fail_plain(struct req *r, int status, enum isms_rc rc, const char *msg,
		       const char *hint)
{
	struct isms_err err;

	isms_err_set(&err, rc, "%s", msg);
	if (hint)
		isms_err_hint(&err, "%s", hint);
	web_fail_status(r, status, &err);
}

static void method_not_allowed(struct req *r)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = { { HTTP_GET, "GET, HEAD" }, { HTTP_POST, "POST" }, { HTTP_PUT, "PUT" },
		      { HTTP_DELETE, "DELETE" } };
	struct sbuf allow = SBUF_INIT;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (r->allowed & names[i].bit) {
			if (allow.len)
				sbuf_addstr(&allow, ", ");
			sbuf_addstr(&allow, names[i].name);
		}
	}
	web_header(r, "Allow", arena_strdup(&r->arena, allow.buf));
	sbuf_release(&allow);
	fail_plain(r, 405, ISMS_EINVAL, _("this method is not allowed here"), NULL);
}

/* Who sends the request: an API token (API routes only) or a session
 * cookie. Returns false after answering when a token is bad. */
static bool authenticate(struct req *r, bool *ret_expired)
{
	const char *auth = req_header(r, "Authorization");
	struct isms_err err;
	int64_t uid;
	const char *cookie;

	*ret_expired = false;
	if (auth && (r->route->flags & ROUTE_API)) {
		if (strncasecmp(auth, "Bearer ", 7)) {
			web_header(r, "WWW-Authenticate", "Bearer realm=\"isms\"");
			fail_plain(r, 401, ISMS_EPERM, _("only Bearer API tokens are accepted"), NULL);
			return false;
		}
		if (apitoken_check(r->ctx, auth + 7, &uid, &r->token_touch, &err)) {
			web_header(r, "WWW-Authenticate", "Bearer realm=\"isms\", error=\"invalid_token\"");
			web_fail_status(r, err.code == ISMS_ENOTFOUND ? 401 : web_status(err.code), &err);
			return false;
		}
		r->user = arena_zalloc(&r->arena, sizeof(*r->user));
		if (account_get(r->ctx, &r->arena, uid, r->user, &err)) {
			r->user = NULL;
			web_fail_status(r, err.code == ISMS_ENOTFOUND ? 401 : web_status(err.code), &err);
			return false;
		}
		r->by_token = true;
		return true;
	}
	cookie = req_cookie(r, "isms_session");
	if (!cookie)
		return true;
	if (session_check(r->ctx, &r->arena, cookie, &r->srv->cfg.session, &r->sess, &err)) {
		if (err.code != ISMS_ENOTFOUND) {
			web_fail(r, &err);
			return false;
		}
		*ret_expired = true;
		web_cookie(r, "isms_session", "", -1);
		return true;
	}
	r->user = arena_zalloc(&r->arena, sizeof(*r->user));
	if (account_get(r->ctx, &r->arena, r->sess.user_id, r->user, &err)) {
		r->user = NULL;
		return true;
	}
	snprintf(r->session, sizeof(r->session), "%s", cookie);
	session_csrf(r->session, r->csrf);
	return true;
}

static void need_login(struct req *r, bool expired)
{
	struct isms_err err;

	if (expired) {
		isms_err_set(&err, ISMS_EPERM, _("your session has expired"));
		isms_err_hint(&err, _("Log in again."));
	} else {
		isms_err_set(&err, ISMS_EPERM, _("you are not logged in"));
		isms_err_hint(&err, _("Log in first."));
	}
	if (r->route->flags & ROUTE_API) {
		web_header(r, "WWW-Authenticate", "Bearer realm=\"isms\"");
		web_fail_status(r, 401, &err);
	} else if (r->method == HTTP_GET) {
		struct sbuf to = SBUF_INIT;

		sbuf_addstr(&to, "/login?next=");
		html_url_escape(&to, r->path);
		if (expired)
			sbuf_addstr(&to, "&msg=expired");
		web_redirect(r, arena_strdup(&r->arena, to.buf));
		sbuf_release(&to);
	} else {
		web_fail_status(r, 401, &err);
	}
}

/* The CSRF token sent with a writing request must match the session's (or,
 * before login, the pre-login cookie's). API tokens need none: a browser
 * never sends them by itself. A JSON login needs none either: browsers
 * cannot send a JSON body across sites without the server's consent. */
static bool csrf_ok(struct req *r)
{
	const char *sent;

	if (r->by_token)
		return true;
	if (!(r->route->flags & ROUTE_LOGIN) && (r->route->flags & ROUTE_API))
		return true;
	if (!r->csrf[0])
		return false;
	sent = (r->route->flags & ROUTE_API) ? req_header(r, "X-CSRF-Token") : req_raw(r, "csrf");
	return sent && strlen(sent) == ISMS_SHA256_HEX - 1 &&
	       sodium_memcmp(sent, r->csrf, ISMS_SHA256_HEX - 1) == 0;
}

/* Who sends the request, and whether they may use the route: the login,
 * a session rather than a token where the route asks for one, the
 * administrator's flag, the membership and role in the ISMS of the path.
 * Nothing here reads the body. Returns false after answering. */
static bool admit(struct req *r)
{
	const struct route *rt = r->route;
	struct isms_err err;
	bool expired;

	if (!authenticate(r, &expired))
		return false;
	if (r->user && r->user->lang_set && r->user->lang != r->lang) {
		r->lang = r->user->lang;
		i18n_use(r->lang, &err);
	}
	if ((rt->flags & ROUTE_LOGIN) && !r->user) {
		need_login(r, expired);
		return false;
	}
	if ((rt->flags & ROUTE_SESSION) && r->by_token) {
		isms_err_set(&err, ISMS_EPERM, _("this needs a login session, not an API token"));
		isms_err_detail(&err, _("An API token cannot create or revoke tokens or change the password, so that revoking a token ends what it can do."));
		isms_err_hint(&err, _("Log in with your password, or use your account page."));
		web_fail_status(r, 403, &err);
		return false;
	}
	if ((rt->flags & ROUTE_ADMIN) && !r->user->admin) {
		fail_plain(r, 403, ISMS_EPERM, _("only administrators can do this"), NULL);
		return false;
	}
	if (rt->flags & ROUTE_ISMS) {
		if (account_isms(r->ctx, &r->arena, r->user, req_param_id(r, "isms"), &r->isms,
				 &r->role, &err)) {
			web_fail(r, &err);
			return false;
		}
		if (r->role < rt->role) {
			isms_err_set(&err, ISMS_EPERM, _("this needs the role %s or higher"),
				     user_role_label(rt->role));
			isms_err_detail(&err, _("Your role in \"%s\" is %s."), r->isms.name,
					user_role_label(r->role));
			web_fail(r, &err);
			return false;
		}
	}
	r->admitted = true;
	return true;
}

/* What checking the session or token left to write (its last use, or the
 * deletion of an ended session), written once no read-only transaction is
 * open. A failure costs nothing but the record: the next request tries
 * again. */
static void settle(struct req *r)
{
	struct isms_err err;

	if (r->token_touch && apitoken_touch(r->ctx, r->token_touch, &err))
		fprintf(stderr, "isms: %s: %s\n", _("warning"), err.msg);
	r->token_touch = 0;
	if ((r->sess.touch_due || r->sess.ended) &&
	    session_settle(r->ctx, &r->arena, &r->sess, &err))
		fprintf(stderr, "isms: %s: %s\n", _("warning"), err.msg);
}

/* admit(), its reads from one snapshot */
static bool admit_reading(struct req *r)
{
	struct isms_err err;
	bool ok;

	if (isms_ctx_begin_read(r->ctx, &err)) {
		web_fail_status(r, 503, &err);
		return false;
	}
	ok = admit(r);
	isms_ctx_end_read(r->ctx);
	settle(r);
	return ok;
}

bool web_admit(struct req *r)
{
	const struct route *rt = r->route;
	struct isms_err err;
	bool ok;

	/* Routes open to everyone (the login, the set-up form) have small
	 * bodies and are checked by web_dispatch once the body is in. So is
	 * a read without a body: in the read-only transaction of its page. */
	if (!rt || !(rt->flags & ROUTE_LOGIN) || (rt->flags & ROUTE_NOAUTH))
		return true;
	if (!(rt->flags & ROUTE_WRITE) && !req_has_body(r))
		return true;
	r->lang = req_accept_language(r);
	i18n_use(r->lang, &err);
	r->ctx = web_worker_ctx(r->srv, &err);
	if (!r->ctx) {
		web_fail_status(r, 503, &err);
		return false;
	}
	ok = admit_reading(r);
	/* The worker serves other connections while this body arrives: do
	 * not keep a read snapshot open meanwhile. */
	isms_ctx_release(r->ctx);
	return ok;
}

/* The admitted request: its fields, then its handler. */
static void handle(struct req *r)
{
	const struct route *rt = r->route;

	/* Set on every request: the worker's context is shared by the
	 * connections it serves. */
	isms_ctx_set_actor(r->ctx, r->user ? r->user->name : "anonymous");
	if ((rt->flags & ROUTE_PRELOGIN) && !r->user)
		web_prelogin_csrf(r, false);
	if (!req_read_raw(r))
		return;
	if ((rt->flags & ROUTE_WRITE) && !csrf_ok(r)) {
		fail_plain(r, 403, ISMS_EPERM, _("the form has expired or did not come from this site"),
			   _("Go back, reload the page and try again."));
		return;
	}
	/* Fields are checked after the role, so that their rules are not
	 * shown to whoever may not use the route. */
	if (!req_check_fields(r))
		return;
	rt->handler(r);
}

void web_dispatch(struct req *r)
{
	const struct route *rt = r->route;
	struct isms_err err;

	if (!r->admitted)
		r->lang = req_accept_language(r);
	i18n_use(r->lang, &err);
	if (!rt) {
		if (r->allowed)
			method_not_allowed(r);
		else
			fail_plain(r, 404, ISMS_ENOTFOUND, _("page not found"),
				   _("Check the address, or start again from the home page."));
		return;
	}
	if (rt->flags & ROUTE_NOAUTH) {
		if (req_read_raw(r) && req_check_fields(r))
			rt->handler(r);
		return;
	}
	r->ctx = web_worker_ctx(r->srv, &err);
	if (!r->ctx) {
		web_fail_status(r, 503, &err);
		return;
	}
	if (rt->flags & ROUTE_WRITE) {
		if (!r->admitted && !admit_reading(r))
			return;
		handle(r);
	} else {
		/* A read: the admission and the page from one snapshot, in
		 * one transaction rather than one a query. */
		if (isms_ctx_begin_read(r->ctx, &err)) {
			web_fail_status(r, 503, &err);
			return;
		}
		if (r->admitted || admit(r))
			handle(r);
		isms_ctx_end_read(r->ctx);
		settle(r);
	}
	if (!r->responded)
		fail_plain(r, 500, ISMS_EINTERNAL, _("internal error: the page sent no answer"), NULL);
}

/* --- listing ------------------------------------------------------------------------------------ */

void web_list_routes(FILE *out)
{
	static const char *const methods[] = { [HTTP_GET] = "GET", [HTTP_POST] = "POST",
					       [HTTP_PUT] = "PUT", [HTTP_DELETE] = "DELETE" };

	for (const struct route *rt = web_routes; rt->pattern; rt++) {
		char flags[128] = "";
		size_t n = 0;

		if (rt->flags & ROUTE_API)
			n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%sapi", n ? "," : "");
		if (rt->flags & ROUTE_LOGIN)
			n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%slogin", n ? "," : "");
		if (rt->flags & ROUTE_WRITE)
			n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%swrite", n ? "," : "");
		if (rt->flags & ROUTE_ISMS)
			n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%sisms", n ? "," : "");
		if (rt->flags & ROUTE_ADMIN)
			n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%sadmin", n ? "," : "");
		if (rt->flags & ROUTE_PRELOGIN)
			n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%sprelogin", n ? "," : "");
		if (rt->flags & ROUTE_UPLOAD)
			n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%supload", n ? "," : "");
		if (rt->flags & ROUTE_NOAUTH)
			n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%snoauth", n ? "," : "");
		if (rt->flags & ROUTE_SESSION)
			n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%ssession", n ? "," : "");
		fprintf(out, "%s\t%s\t%s\t%s\t", methods[rt->method], rt->pattern, n ? flags : "-",
			(rt->flags & ROUTE_ISMS) ? user_role_code(rt->role) : "-");
		for (const struct field *f = rt->fields; f && f->name; f++)
			fprintf(out, "%s%s%s", f == rt->fields ? "" : ",", f->name,
				(f->flags & FIELD_REQUIRED) ? "*" : "");
		fprintf(out, "%s\t%s\n", rt->fields && rt->fields->name ? "" : "-", rt->summary);
	}
}
