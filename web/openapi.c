/* openapi.c - the OpenAPI 3.1 document of the JSON API, generated from the route table so that it cannot drift. */
#include <stdio.h>
#include <string.h>

#include "isms/json.h"
#include "isms/sbuf.h"
#include "isms/xalloc.h"
#include "web.h"

#ifndef ISMS_VERSION
#define ISMS_VERSION "0.1.0"
#endif

/* The response bodies, by the name a route gives in its `schema`. */
static const struct {
	const char *name;
	const char *json;
} schemas[] = {
	{ "Error",
	  "{\"type\":\"object\",\"required\":[\"error\"],\"properties\":{\"error\":{\"type\":\"object\","
	  "\"required\":[\"code\",\"message\"],\"properties\":{\"code\":{\"type\":\"string\"},"
	  "\"message\":{\"type\":\"string\"},\"detail\":{\"type\":\"string\"},\"hint\":{\"type\":\"string\"},"
	  "\"field\":{\"type\":\"string\"},\"line\":{\"type\":\"integer\"},\"column\":{\"type\":\"integer\"}}}}}" },
	{ "Ok", "{\"type\":\"object\",\"required\":[\"ok\"],\"properties\":{\"ok\":{\"type\":\"boolean\"}}}" },
	{ "OpenApi", "{\"type\":\"object\",\"required\":[\"openapi\",\"paths\"]}" },
	{ "Session",
	  "{\"type\":\"object\",\"required\":[\"user\",\"auth\",\"csrf_token\"],\"properties\":{"
	  "\"user\":{\"type\":\"object\",\"required\":[\"id\",\"name\",\"display_name\",\"admin\",\"lang\"],"
	  "\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"
	  "\"display_name\":{\"type\":\"string\"},\"admin\":{\"type\":\"boolean\"},"
	  "\"lang\":{\"type\":\"string\",\"enum\":[\"ja\",\"en\"]}}},"
	  "\"auth\":{\"type\":\"string\",\"enum\":[\"session\",\"token\"]},"
	  "\"csrf_token\":{\"type\":[\"string\",\"null\"],\"description\":\"Send it as X-CSRF-Token with every writing request of the cookie session.\"}}}" },
	{ "Roles",
	  "{\"type\":\"object\",\"required\":[\"roles\"],\"properties\":{\"roles\":{\"type\":\"array\","
	  "\"items\":{\"type\":\"object\",\"required\":[\"code\",\"label\"],\"properties\":{"
	  "\"code\":{\"type\":\"string\"},\"label\":{\"type\":\"string\"}}}}}}" },
	{ "Isms",
	  "{\"type\":\"object\",\"required\":[\"id\",\"name\",\"org\",\"edition\",\"lang\",\"created_at\",\"role\"],"
	  "\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},\"org\":{\"type\":\"string\"},"
	  "\"edition\":{\"type\":\"integer\",\"enum\":[2005,2013,2022]},\"lang\":{\"type\":\"string\",\"enum\":[\"ja\",\"en\"]},"
	  "\"created_at\":{\"type\":\"string\"},\"role\":{\"type\":\"string\",\"description\":\"your role in it\"}}}" },
	{ "IsmsList",
	  "{\"type\":\"object\",\"required\":[\"isms\"],\"properties\":{\"isms\":{\"type\":\"array\","
	  "\"items\":{\"$ref\":\"#/components/schemas/Isms\"}}}}" },
	{ "Status",
	  "{\"type\":\"object\",\"required\":[\"id\",\"isms\",\"org\",\"edition\",\"steps\"],\"properties\":{"
	  "\"id\":{\"type\":\"integer\"},\"isms\":{\"type\":\"string\"},\"org\":{\"type\":\"string\"},"
	  "\"edition\":{\"type\":\"integer\"},\"steps\":{\"type\":\"array\",\"minItems\":10,\"maxItems\":10,"
	  "\"items\":{\"type\":\"object\",\"required\":[\"step\",\"phase\",\"name\",\"artefact\",\"clause\",\"state\",\"missing\"],"
	  "\"properties\":{\"step\":{\"type\":\"integer\"},\"phase\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"
	  "\"artefact\":{\"type\":\"string\"},\"clause\":{\"type\":\"string\"},"
	  "\"state\":{\"type\":\"string\",\"enum\":[\"not_started\",\"in_progress\",\"done\",\"approved\"]},"
	  "\"missing\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}}}}" },
	{ "User",
	  "{\"type\":\"object\",\"required\":[\"name\",\"display_name\",\"role\",\"has_password\",\"disabled\",\"created_at\"],"
	  "\"properties\":{\"name\":{\"type\":\"string\"},\"display_name\":{\"type\":\"string\"},"
	  "\"role\":{\"type\":[\"string\",\"null\"],\"description\":\"the role in this ISMS; null for none\"},"
	  "\"has_password\":{\"type\":\"boolean\"},\"disabled\":{\"type\":\"boolean\"},\"created_at\":{\"type\":\"string\"}}}" },
	{ "Users",
	  "{\"type\":\"object\",\"required\":[\"users\"],\"properties\":{\"users\":{\"type\":\"array\","
	  "\"items\":{\"$ref\":\"#/components/schemas/User\"}}}}" },
	{ "Log",
	  "{\"type\":\"object\",\"required\":[\"entries\"],\"properties\":{\"entries\":{\"type\":\"array\","
	  "\"items\":{\"type\":\"object\",\"required\":[\"id\",\"at\",\"actor\",\"entity\",\"entity_id\",\"action\",\"before\",\"after\"],"
	  "\"properties\":{\"id\":{\"type\":\"integer\"},\"at\":{\"type\":\"string\"},\"actor\":{\"type\":\"string\"},"
	  "\"entity\":{\"type\":\"string\"},\"entity_id\":{\"type\":\"string\"},\"action\":{\"type\":\"string\"},"
	  "\"before\":{\"type\":[\"object\",\"null\"]},\"after\":{\"type\":[\"object\",\"null\"]}}}}}}" },
	{ "LogVerify",
	  "{\"type\":\"object\",\"required\":[\"ok\"],\"properties\":{\"ok\":{\"type\":\"boolean\"},"
	  "\"entries\":{\"type\":\"integer\"},\"bad_entry\":{\"type\":\"integer\"},"
	  "\"error\":{\"type\":\"object\"}}}" },
	{ "Token",
	  "{\"type\":\"object\",\"required\":[\"id\",\"name\",\"hint\",\"created_at\",\"last_used\"],\"properties\":{"
	  "\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},\"hint\":{\"type\":\"string\"},"
	  "\"created_at\":{\"type\":\"string\"},\"last_used\":{\"type\":[\"string\",\"null\"]}}}" },
	{ "Tokens",
	  "{\"type\":\"object\",\"required\":[\"tokens\"],\"properties\":{\"tokens\":{\"type\":\"array\","
	  "\"items\":{\"$ref\":\"#/components/schemas/Token\"}}}}" },
	{ "TokenCreated",
	  "{\"type\":\"object\",\"required\":[\"id\",\"name\",\"token\"],\"properties\":{"
	  "\"id\":{\"type\":\"integer\"},\"name\":{\"type\":\"string\"},"
	  "\"token\":{\"type\":\"string\",\"description\":\"shown only here; send it as Authorization: Bearer\"}}}" },
	/* steps 1, 2, 7, 9 and 10, and the documents */
	{ "Scope",
	  "{\"type\":\"object\",\"required\":[\"exists\",\"latest\",\"approval\",\"scope\"],\"propertie"
	  "s\":{\"exists\":{\"type\":\"boolean\"},\"latest\":{\"type\":\"integer\",\"description\":\"th"
	  "e latest version; 0 when none\"},\"approval\":{\"type\":\"string\",\"enum\":[\"none\",\"curr"
	  "ent\",\"stale\",\"rejected\"]},\"scope\":{\"type\":[\"object\",\"null\"],\"required\":[\"ver"
	  "sion\",\"created_at\",\"created_by\",\"organisation\",\"units\",\"sites\",\"processes\",\"sy"
	  "stems\",\"interfaces\",\"exclusions\",\"description\"],\"properties\":{\"version\":{\"type\""
	  ":\"integer\"},\"created_at\":{\"type\":\"string\"},\"created_by\":{\"type\":\"string\"},\"or"
	  "ganisation\":{\"type\":\"string\"},\"units\":{\"type\":\"array\",\"items\":{\"type\":\"objec"
	  "t\",\"required\":[\"name\",\"detail\"],\"properties\":{\"name\":{\"type\":\"string\"},\"deta"
	  "il\":{\"type\":\"string\"}}}},\"sites\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
	  "\"required\":[\"name\",\"detail\"],\"properties\":{\"name\":{\"type\":\"string\"},\"detail\":"
	  "{\"type\":\"string\"}}}},\"processes\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\""
	  "required\":[\"name\",\"detail\"],\"properties\":{\"name\":{\"type\":\"string\"},\"detail\":{"
	  "\"type\":\"string\"}}}},\"systems\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"req"
	  "uired\":[\"name\",\"detail\"],\"properties\":{\"name\":{\"type\":\"string\"},\"detail\":{\"t"
	  "ype\":\"string\"}}}},\"interfaces\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"req"
	  "uired\":[\"name\",\"detail\"],\"properties\":{\"name\":{\"type\":\"string\"},\"detail\":{\"t"
	  "ype\":\"string\"}}}},\"exclusions\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"req"
	  "uired\":[\"name\",\"justification\"],\"properties\":{\"name\":{\"type\":\"string\"},\"justif"
	  "ication\":{\"type\":\"string\"}}}},\"description\":{\"type\":\"string\"}}}}}" },
	{ "Saved",
	  "{\"type\":\"object\",\"required\":[\"version\",\"unchanged\"],\"properties\":{\"version\":{"
	  "\"type\":\"integer\"},\"unchanged\":{\"type\":\"boolean\",\"description\":\"nothing changed: "
	  "no new version\"}}}" },
	{ "Versions",
	  "{\"type\":\"object\",\"required\":[\"versions\"],\"properties\":{\"versions\":{\"type\":\"ar"
	  "ray\",\"items\":{\"type\":\"object\",\"required\":[\"version\",\"created_at\",\"created_by\""
	  ",\"approved_by\",\"approved_at\"],\"properties\":{\"version\":{\"type\":\"integer\"},\"creat"
	  "ed_at\":{\"type\":\"string\"},\"created_by\":{\"type\":\"string\"},\"approved_by\":{\"type\""
	  ":[\"string\",\"null\"]},\"approved_at\":{\"type\":[\"string\",\"null\"]}}}}}}" },
	{ "Decision",
	  "{\"type\":\"object\",\"required\":[\"version\",\"decision\",\"approval\"],\"properties\":{\""
	  "version\":{\"type\":\"integer\"},\"decision\":{\"type\":\"string\",\"enum\":[\"approved\",\""
	  "rejected\"]},\"approval\":{\"type\":\"string\",\"enum\":[\"none\",\"current\",\"stale\",\"re"
	  "jected\"]}}}" },
	{ "Policy",
	  "{\"type\":\"object\",\"required\":[\"exists\",\"latest\",\"approval\",\"policy\"],\"properti"
	  "es\":{\"exists\":{\"type\":\"boolean\"},\"latest\":{\"type\":\"integer\"},\"approval\":{\"ty"
	  "pe\":\"string\",\"enum\":[\"none\",\"current\",\"stale\",\"rejected\"]},\"policy\":{\"type\""
	  ":[\"object\",\"null\"],\"required\":[\"version\",\"created_at\",\"created_by\",\"body\",\"ht"
	  "ml\"],\"properties\":{\"version\":{\"type\":\"integer\"},\"created_at\":{\"type\":\"string\""
	  "},\"created_by\":{\"type\":\"string\"},\"body\":{\"type\":\"string\"},\"html\":{\"type\":\"s"
	  "tring\",\"description\":\"the text as safe HTML\"}}}}}" },
	{ "Preview",
	  "{\"type\":\"object\",\"required\":[\"html\"],\"properties\":{\"html\":{\"type\":\"string\","
	  "\"description\":\"the text as safe HTML: everything escaped\"}}}" },
	{ "Control",
	  "{\"type\":\"object\",\"required\":[\"control\",\"additional\",\"group\",\"section\",\"title"
	  "\",\"title_en\",\"title_ja\",\"decision\",\"reasons\",\"justification\",\"status\",\"owner\","
	  "\"impl_ref\",\"risks\",\"review\",\"updated_at\",\"updated_by\"],\"properties\":{\"control\""
	  ":{\"type\":\"string\"},\"additional\":{\"type\":\"boolean\"},\"group\":{\"type\":\"string\","
	  "\"description\":\"the clause or theme; \\\"additional\\\"\"},\"section\":{\"type\":\"string"
	  "\"},\"title\":{\"type\":\"string\"},\"title_en\":{\"type\":\"string\"},\"title_ja\":{\"type\""
	  ":\"string\"},\"decision\":{\"type\":\"string\",\"enum\":[\"undecided\",\"applicable\",\"excl"
	  "uded\"]},\"reasons\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":[\"risk\","
	  "\"legal\",\"contract\",\"business\"]}},\"justification\":{\"type\":\"string\"},\"status\":{\""
	  "type\":\"string\",\"enum\":[\"not_started\",\"planned\",\"partial\",\"implemented\"]},\"owne"
	  "r\":{\"type\":\"string\"},\"impl_ref\":{\"type\":\"string\"},\"risks\":{\"type\":\"array\","
	  "\"items\":{\"type\":\"string\"}},\"review\":{\"type\":\"string\"},\"updated_at\":{\"type\":["
	  "\"string\",\"null\"]},\"updated_by\":{\"type\":[\"string\",\"null\"]}}}" },
	{ "Controls",
	  "{\"type\":\"object\",\"required\":[\"edition\",\"counts\",\"controls\"],\"properties\":{\"ed"
	  "ition\":{\"type\":\"integer\"},\"counts\":{\"type\":\"object\",\"required\":[\"controls\",\""
	  "applicable\",\"excluded\",\"undecided\"],\"properties\":{\"controls\":{\"type\":\"integer\"}"
	  ",\"applicable\":{\"type\":\"integer\"},\"excluded\":{\"type\":\"integer\"},\"undecided\":{\""
	  "type\":\"integer\"}}},\"controls\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/sc"
	  "hemas/Control\"}}}}" },
	{ "ControlsChanged",
	  "{\"type\":\"object\",\"required\":[\"updated\",\"controls\"],\"properties\":{\"updated\":{\""
	  "type\":\"integer\"},\"controls\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/sche"
	  "mas/Control\"}}}}" },
	{ "Authorisation",
	  "{\"type\":\"object\",\"required\":[\"state\",\"by\",\"at\",\"comment\",\"covers\",\"changed"
	  "\",\"now\",\"not_ready\",\"history\"],\"properties\":{\"state\":{\"type\":\"string\",\"enum\""
	  ":[\"none\",\"current\",\"stale\",\"rejected\"]},\"by\":{\"type\":[\"string\",\"null\"]},\"at"
	  "\":{\"type\":[\"string\",\"null\"]},\"comment\":{\"type\":[\"string\",\"null\"]},\"covers\":"
	  "{\"type\":[\"object\",\"null\"],\"required\":[\"scope_version\",\"policy_version\",\"risk_fi"
	  "ngerprint\"]},\"changed\":{\"type\":\"object\",\"required\":[\"scope\",\"policy\",\"risks\"]"
	  ",\"properties\":{\"scope\":{\"type\":\"boolean\"},\"policy\":{\"type\":\"boolean\"},\"risks"
	  "\":{\"type\":\"boolean\"}}},\"now\":{\"type\":[\"object\",\"null\"],\"required\":[\"scope_ver"
	  "sion\",\"policy_version\",\"risk_fingerprint\"]},\"not_ready\":{\"type\":[\"string\",\"null"
	  "\"],\"description\":\"why nothing can be authorised yet\"},\"history\":{\"type\":\"array\",\""
	  "items\":{\"type\":\"object\",\"required\":[\"at\",\"by\",\"decision\",\"comment\"],\"propert"
	  "ies\":{\"at\":{\"type\":\"string\"},\"by\":{\"type\":\"string\"},\"decision\":{\"type\":\"st"
	  "ring\",\"enum\":[\"approved\",\"rejected\"]},\"comment\":{\"type\":[\"string\",\"null\"]}}}}"
	  "}}" },
	{ "AuthorisationBasis",
	  "{\"type\":\"object\",\"required\":[\"scope_version\",\"policy_version\",\"risk_fingerprint\""
	  "],\"properties\":{\"scope_version\":{\"type\":\"integer\"},\"policy_version\":{\"type\":\"in"
	  "teger\"},\"risk_fingerprint\":{\"type\":\"string\"}}}" },
	{ "SoaInfo",
	  "{\"type\":\"object\",\"required\":[\"number\",\"edition\",\"created_at\",\"created_by\",\"co"
	  "ntrols\",\"applicable\",\"excluded\",\"approval\",\"approved_by\",\"approved_at\"],\"propert"
	  "ies\":{\"number\":{\"type\":\"integer\"},\"edition\":{\"type\":\"integer\"},\"created_at\":{"
	  "\"type\":\"string\"},\"created_by\":{\"type\":\"string\"},\"controls\":{\"type\":\"integer\""
	  "},\"applicable\":{\"type\":\"integer\"},\"excluded\":{\"type\":\"integer\"},\"approval\":{\""
	  "type\":\"string\",\"enum\":[\"none\",\"current\",\"stale\",\"rejected\"]},\"approved_by\":{"
	  "\"type\":[\"string\",\"null\"]},\"approved_at\":{\"type\":[\"string\",\"null\"]}}}" },
	{ "SoaList",
	  "{\"type\":\"object\",\"required\":[\"snapshots\"],\"properties\":{\"snapshots\":{\"type\":\""
	  "array\",\"items\":{\"$ref\":\"#/components/schemas/SoaInfo\"}}}}" },
	{ "Soa",
	  "{\"type\":\"object\",\"required\":[\"number\",\"edition\",\"organisation\",\"created_at\",\""
	  "created_by\",\"content_hash\",\"approval\",\"approved_by\",\"approved_at\",\"approval_commen"
	  "t\",\"rows\"],\"properties\":{\"number\":{\"type\":\"integer\"},\"edition\":{\"type\":\"inte"
	  "ger\"},\"organisation\":{\"type\":\"string\"},\"created_at\":{\"type\":\"string\"},\"created"
	  "_by\":{\"type\":\"string\"},\"content_hash\":{\"type\":\"string\"},\"approval\":{\"type\":\""
	  "string\",\"enum\":[\"none\",\"current\",\"stale\",\"rejected\"]},\"approved_by\":{\"type\":["
	  "\"string\",\"null\"]},\"approved_at\":{\"type\":[\"string\",\"null\"]},\"approval_comment\":"
	  "{\"type\":[\"string\",\"null\"]},\"rows\":{\"type\":\"array\",\"items\":{\"type\":\"object\""
	  ",\"required\":[\"control\",\"additional\",\"section\",\"title_en\",\"title_ja\",\"applicable"
	  "\",\"reasons\",\"justification\",\"status\",\"owner\",\"impl_ref\",\"risks\"],\"properties\""
	  ":{\"control\":{\"type\":\"string\"},\"additional\":{\"type\":\"boolean\"},\"section\":{\"typ"
	  "e\":\"string\"},\"title_en\":{\"type\":\"string\"},\"title_ja\":{\"type\":\"string\"},\"appl"
	  "icable\":{\"type\":\"boolean\"},\"reasons\":{\"type\":\"array\",\"items\":{\"type\":\"string"
	  "\"}},\"justification\":{\"type\":\"string\"},\"status\":{\"type\":\"string\"},\"owner\":{\"t"
	  "ype\":\"string\"},\"impl_ref\":{\"type\":\"string\"},\"risks\":{\"type\":\"array\",\"items\""
	  ":{\"type\":\"string\"}}}}}}}" },
	{ "SoaDiff",
	  "{\"type\":\"object\",\"required\":[\"from\",\"to\",\"changes\"],\"properties\":{\"from\":{\""
	  "type\":[\"integer\",\"null\"]},\"to\":{\"type\":[\"integer\",\"null\"]},\"changes\":{\"type"
	  "\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"control\",\"change\",\"field\",\""
	  "before\",\"after\"],\"properties\":{\"control\":{\"type\":\"string\"},\"change\":{\"type\":"
	  "\"string\",\"enum\":[\"added\",\"removed\",\"changed\"]},\"field\":{\"type\":[\"string\",\"nu"
	  "ll\"]},\"before\":{\"type\":[\"string\",\"null\"]},\"after\":{\"type\":[\"string\",\"null\"]"
	  "}}}}}}" },
	{ "Catalogs",
	  "{\"type\":\"object\",\"required\":[\"catalogs\"],\"properties\":{\"catalogs\":{\"type\":\""
	  "array\",\"items\":{\"type\":\"object\",\"required\":[\"ident\",\"version\",\"title\",\"edi"
	  "tion\",\"source\",\"builtin\",\"counts\"],\"properties\":{\"ident\":{\"type\":\"string\"},"
	  "\"version\":{\"type\":\"string\"},\"title\":{\"type\":\"string\"},\"edition\":{\"type\":[\""
	  "integer\",\"null\"]},\"source\":{\"type\":\"string\"},\"builtin\":{\"type\":\"boolean\"},\""
	  "counts\":{\"type\":\"object\"}}}}}}" },
	{ "Catalog",
	  "{\"type\":\"object\",\"required\":[\"ident\",\"version\",\"title\",\"items\"],\"properties"
	  "\":{\"ident\":{\"type\":\"string\"},\"version\":{\"type\":\"string\"},\"title\":{\"type\":"
	  "\"string\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"i"
	  "d\",\"label\",\"kind\",\"parent\",\"title\",\"title_en\",\"title_ja\",\"description\",\"wi"
	  "thdrawn\",\"depth\"],\"properties\":{\"id\":{\"type\":\"string\"},\"label\":{\"type\":\"st"
	  "ring\"},\"kind\":{\"type\":\"string\",\"enum\":[\"clause\",\"theme\",\"objective\",\"group"
	  "\",\"control\",\"enhancement\"]},\"parent\":{\"type\":[\"string\",\"null\"]},\"title\":{\""
	  "type\":\"string\"},\"title_en\":{\"type\":\"string\"},\"title_ja\":{\"type\":\"string\"},\""
	  "description\":{\"type\":\"string\"},\"withdrawn\":{\"type\":\"boolean\"},\"depth\":{\"type"
	  "\":\"integer\"}}}}}}" },
	{ "CatalogItem",
	  "{\"type\":\"object\",\"required\":[\"id\",\"label\",\"kind\",\"parent\",\"title\",\"title_"
	  "en\",\"title_ja\",\"description\",\"withdrawn\",\"statement\",\"guidance\",\"children\",\""
	  "counterparts\"],\"properties\":{\"id\":{\"type\":\"string\"},\"label\":{\"type\":\"string\""
	  "},\"kind\":{\"type\":\"string\",\"enum\":[\"clause\",\"theme\",\"objective\",\"group\",\"c"
	  "ontrol\",\"enhancement\"]},\"parent\":{\"type\":[\"string\",\"null\"]},\"title\":{\"type\""
	  ":\"string\"},\"title_en\":{\"type\":\"string\"},\"title_ja\":{\"type\":\"string\"},\"descr"
	  "iption\":{\"type\":\"string\"},\"withdrawn\":{\"type\":\"boolean\"},\"statement\":{\"type\""
	  ":\"string\"},\"guidance\":{\"type\":\"string\"},\"children\":{\"type\":\"array\",\"items\""
	  ":{\"type\":\"string\"}},\"counterparts\":{\"type\":\"array\",\"items\":{\"type\":\"object\""
	  ",\"required\":[\"from_edition\",\"from\",\"to_edition\",\"to\",\"kind\",\"via\",\"note\"],"
	  "\"properties\":{\"from_edition\":{\"type\":\"integer\"},\"from\":{\"type\":[\"string\",\"n"
	  "ull\"]},\"to_edition\":{\"type\":\"integer\"},\"to\":{\"type\":[\"string\",\"null\"]},\"ki"
	  "nd\":{\"type\":\"string\",\"enum\":[\"carried\",\"merged\",\"split\",\"removed\",\"new\"]}"
	  ",\"via\":{\"type\":[\"string\",\"null\"]},\"note\":{\"type\":[\"string\",\"null\"]}}}}}}" },
	{ "Mapping",
	  "{\"type\":\"object\",\"required\":[\"from\",\"to\",\"links\"],\"properties\":{\"from\":{\""
	  "type\":\"integer\"},\"to\":{\"type\":\"integer\"},\"links\":{\"type\":\"array\",\"items\":"
	  "{\"type\":\"object\",\"required\":[\"from_edition\",\"from\",\"to_edition\",\"to\",\"kind\""
	  ",\"via\",\"note\"],\"properties\":{\"from_edition\":{\"type\":\"integer\"},\"from\":{\"typ"
	  "e\":[\"string\",\"null\"]},\"to_edition\":{\"type\":\"integer\"},\"to\":{\"type\":[\"strin"
	  "g\",\"null\"]},\"kind\":{\"type\":\"string\",\"enum\":[\"carried\",\"merged\",\"split\",\""
	  "removed\",\"new\"]},\"via\":{\"type\":[\"string\",\"null\"]},\"note\":{\"type\":[\"string\""
	  ",\"null\"]}}}}}}" },
	{ "Method",
	  "{\"type\":\"object\",\"required\":[\"version\",\"set\",\"approval\",\"method\"],\"properti"
	  "es\":{\"version\":{\"type\":\"integer\"},\"set\":{\"type\":\"boolean\"},\"set_at\":{\"type"
	  "\":[\"string\",\"null\"]},\"set_by\":{\"type\":[\"string\",\"null\"]},\"approval\":{\"type"
	  "\":\"string\",\"enum\":[\"none\",\"current\",\"stale\",\"rejected\"]},\"method\":{\"type\""
	  ":\"object\",\"description\":\"the method in the format of docs/risk-method.md\"},\"unchang"
	  "ed\":{\"type\":\"boolean\"},\"reevaluated\":{\"type\":\"integer\"},\"unevaluated\":{\"type"
	  "\":\"integer\"}}}" },
	{ "Asset",
	  "{\"type\":\"object\",\"required\":[\"code\",\"name\",\"type\",\"type_label\",\"owner\",\"l"
	  "ocation\",\"group\",\"description\",\"c\",\"i\",\"a\",\"c_reason\",\"i_reason\",\"a_reason"
	  "\",\"classification\",\"depends_on\",\"needed_by\",\"created_at\",\"updated_at\"],\"proper"
	  "ties\":{\"code\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"type\":{\"type\":\""
	  "string\",\"enum\":[\"information\",\"software\",\"hardware\",\"service\",\"people\",\"site"
	  "\",\"intangible\"]},\"type_label\":{\"type\":\"string\"},\"owner\":{\"type\":\"string\"},\""
	  "location\":{\"type\":\"string\"},\"group\":{\"type\":\"string\"},\"description\":{\"type\""
	  ":\"string\"},\"c\":{\"type\":[\"integer\",\"null\"]},\"i\":{\"type\":[\"integer\",\"null\""
	  "]},\"a\":{\"type\":[\"integer\",\"null\"]},\"c_reason\":{\"type\":\"string\"},\"i_reason\""
	  ":{\"type\":\"string\"},\"a_reason\":{\"type\":\"string\"},\"classification\":{\"type\":\"s"
	  "tring\"},\"depends_on\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"needed_by\""
	  ":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"created_at\":{\"type\":\"string\"}"
	  ",\"updated_at\":{\"type\":\"string\"}}}" },
	{ "Assets",
	  "{\"type\":\"object\",\"required\":[\"assets\",\"total\",\"offset\",\"limit\"],\"properties"
	  "\":{\"assets\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Asset\"}},\""
	  "total\":{\"type\":\"integer\"},\"offset\":{\"type\":\"integer\"},\"limit\":{\"type\":\"int"
	  "eger\"}}}" },
	{ "ImportResult",
	  "{\"type\":\"object\",\"required\":[\"rows\",\"added\",\"updated\",\"unchanged\",\"dry_run\""
	  "],\"properties\":{\"rows\":{\"type\":\"integer\"},\"added\":{\"type\":\"integer\"},\"updat"
	  "ed\":{\"type\":\"integer\"},\"unchanged\":{\"type\":\"integer\"},\"encoding\":{\"type\":[\""
	  "string\",\"null\"]},\"dry_run\":{\"type\":\"boolean\"}}}" },
	{ "Threat",
	  "{\"type\":\"object\",\"required\":[\"code\",\"name\",\"name_en\",\"name_ja\",\"category\","
	  "\"props\",\"asset_types\",\"controls\",\"description\",\"own\"],\"properties\":{\"code\":{"
	  "\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"name_en\":{\"type\":\"string\"},\"na"
	  "me_ja\":{\"type\":\"string\"},\"category\":{\"type\":\"string\",\"enum\":[\"deliberate\",\""
	  "accidental\",\"environmental\"]},\"props\":{\"type\":\"string\"},\"asset_types\":{\"type\""
	  ":\"array\",\"items\":{\"type\":\"string\"}},\"controls\":{\"type\":\"array\",\"items\":{\""
	  "type\":\"string\"}},\"description\":{\"type\":\"string\"},\"own\":{\"type\":\"boolean\"}}}" },
	{ "Vulnerability",
	  "{\"type\":\"object\",\"required\":[\"code\",\"name\",\"name_en\",\"name_ja\",\"asset_types"
	  "\",\"threats\",\"controls\",\"description\",\"own\"],\"properties\":{\"code\":{\"type\":\""
	  "string\"},\"name\":{\"type\":\"string\"},\"name_en\":{\"type\":\"string\"},\"name_ja\":{\""
	  "type\":\"string\"},\"asset_types\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\""
	  "threats\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"controls\":{\"type\":\"ar"
	  "ray\",\"items\":{\"type\":\"string\"}},\"description\":{\"type\":\"string\"},\"own\":{\"ty"
	  "pe\":\"boolean\"}}}" },
	{ "Library",
	  "{\"type\":\"object\",\"required\":[\"threats\",\"vulnerabilities\"],\"properties\":{\"thre"
	  "ats\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Threat\"}},\"vulnerab"
	  "ilities\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Vulnerability\"}}"
	  "}}" },
	{ "Risk",
	  "{\"type\":\"object\",\"required\":[\"code\",\"asset\",\"asset_name\",\"group\",\"threat\","
	  "\"threat_name\",\"vulnerability\",\"vulnerability_name\",\"props\",\"threat_level\",\"vuln"
	  "_level\",\"likelihood\",\"impact\",\"owner\",\"description\",\"value\",\"level\",\"evaluat"
	  "ion\",\"stale\",\"treatment\",\"controls\",\"extra_controls\",\"plan_owner\",\"plan_due\","
	  "\"plan_status\",\"plan_note\",\"residual_threat\",\"residual_vuln\",\"residual_likelihood\""
	  ",\"residual_impact\",\"residual_value\",\"residual_level\",\"residual_evaluation\",\"needs"
	  "_approval\",\"created_at\",\"updated_at\"],\"properties\":{\"code\":{\"type\":\"string\"},"
	  "\"asset\":{\"type\":[\"string\",\"null\"]},\"asset_name\":{\"type\":[\"string\",\"null\"]}"
	  ",\"group\":{\"type\":[\"string\",\"null\"]},\"threat\":{\"type\":\"string\"},\"threat_name"
	  "\":{\"type\":\"string\"},\"vulnerability\":{\"type\":\"string\"},\"vulnerability_name\":{\""
	  "type\":\"string\"},\"props\":{\"type\":\"string\"},\"threat_level\":{\"type\":[\"integer\""
	  ",\"null\"]},\"vuln_level\":{\"type\":[\"integer\",\"null\"]},\"likelihood\":{\"type\":[\"i"
	  "nteger\",\"null\"]},\"impact\":{\"type\":[\"integer\",\"null\"]},\"owner\":{\"type\":\"str"
	  "ing\"},\"description\":{\"type\":\"string\"},\"value\":{\"type\":[\"integer\",\"null\"]},\""
	  "level\":{\"type\":[\"integer\",\"null\"]},\"evaluation\":{\"type\":[\"string\",\"null\"],\""
	  "enum\":[\"accept\",\"treat\",\"baseline\",null]},\"stale\":{\"type\":\"boolean\"},\"treatm"
	  "ent\":{\"type\":[\"string\",\"null\"],\"enum\":[\"reduce\",\"accept\",\"avoid\",\"transfer"
	  "\",null]},\"controls\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"extra_contro"
	  "ls\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"plan_owner\":{\"type\":\"strin"
	  "g\"},\"plan_due\":{\"type\":[\"string\",\"null\"]},\"plan_status\":{\"type\":[\"string\",\""
	  "null\"],\"enum\":[\"planned\",\"in_progress\",\"done\",null]},\"plan_note\":{\"type\":\"st"
	  "ring\"},\"residual_threat\":{\"type\":[\"integer\",\"null\"]},\"residual_vuln\":{\"type\":"
	  "[\"integer\",\"null\"]},\"residual_likelihood\":{\"type\":[\"integer\",\"null\"]},\"residu"
	  "al_impact\":{\"type\":[\"integer\",\"null\"]},\"residual_value\":{\"type\":[\"integer\",\""
	  "null\"]},\"residual_level\":{\"type\":[\"integer\",\"null\"]},\"residual_evaluation\":{\"t"
	  "ype\":[\"string\",\"null\"],\"enum\":[\"accept\",\"treat\",\"baseline\",null]},\"needs_app"
	  "roval\":{\"type\":\"boolean\"},\"created_at\":{\"type\":\"string\"},\"updated_at\":{\"type"
	  "\":\"string\"}}}" },
	{ "Risks",
	  "{\"type\":\"object\",\"required\":[\"risks\",\"total\",\"offset\",\"limit\"],\"properties\""
	  ":{\"risks\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Risk\"}},\"tota"
	  "l\":{\"type\":\"integer\"},\"offset\":{\"type\":\"integer\"},\"limit\":{\"type\":\"integer"
	  "\"}}}" },
	{ "RiskDetail",
	  "{\"type\":\"object\",\"required\":[\"code\",\"asset\",\"asset_name\",\"group\",\"threat\","
	  "\"threat_name\",\"vulnerability\",\"vulnerability_name\",\"props\",\"threat_level\",\"vuln"
	  "_level\",\"likelihood\",\"impact\",\"owner\",\"description\",\"value\",\"level\",\"evaluat"
	  "ion\",\"stale\",\"treatment\",\"controls\",\"extra_controls\",\"plan_owner\",\"plan_due\","
	  "\"plan_status\",\"plan_note\",\"residual_threat\",\"residual_vuln\",\"residual_likelihood\""
	  ",\"residual_impact\",\"residual_value\",\"residual_level\",\"residual_evaluation\",\"needs"
	  "_approval\",\"created_at\",\"updated_at\",\"not_evaluated_because\",\"approval\"],\"proper"
	  "ties\":{\"code\":{\"type\":\"string\"},\"asset\":{\"type\":[\"string\",\"null\"]},\"asset_"
	  "name\":{\"type\":[\"string\",\"null\"]},\"group\":{\"type\":[\"string\",\"null\"]},\"threa"
	  "t\":{\"type\":\"string\"},\"threat_name\":{\"type\":\"string\"},\"vulnerability\":{\"type\""
	  ":\"string\"},\"vulnerability_name\":{\"type\":\"string\"},\"props\":{\"type\":\"string\"},"
	  "\"threat_level\":{\"type\":[\"integer\",\"null\"]},\"vuln_level\":{\"type\":[\"integer\",\""
	  "null\"]},\"likelihood\":{\"type\":[\"integer\",\"null\"]},\"impact\":{\"type\":[\"integer\""
	  ",\"null\"]},\"owner\":{\"type\":\"string\"},\"description\":{\"type\":\"string\"},\"value\""
	  ":{\"type\":[\"integer\",\"null\"]},\"level\":{\"type\":[\"integer\",\"null\"]},\"evaluatio"
	  "n\":{\"type\":[\"string\",\"null\"],\"enum\":[\"accept\",\"treat\",\"baseline\",null]},\"s"
	  "tale\":{\"type\":\"boolean\"},\"treatment\":{\"type\":[\"string\",\"null\"],\"enum\":[\"re"
	  "duce\",\"accept\",\"avoid\",\"transfer\",null]},\"controls\":{\"type\":\"array\",\"items\""
	  ":{\"type\":\"string\"}},\"extra_controls\":{\"type\":\"array\",\"items\":{\"type\":\"strin"
	  "g\"}},\"plan_owner\":{\"type\":\"string\"},\"plan_due\":{\"type\":[\"string\",\"null\"]},\""
	  "plan_status\":{\"type\":[\"string\",\"null\"],\"enum\":[\"planned\",\"in_progress\",\"done"
	  "\",null]},\"plan_note\":{\"type\":\"string\"},\"residual_threat\":{\"type\":[\"integer\",\""
	  "null\"]},\"residual_vuln\":{\"type\":[\"integer\",\"null\"]},\"residual_likelihood\":{\"ty"
	  "pe\":[\"integer\",\"null\"]},\"residual_impact\":{\"type\":[\"integer\",\"null\"]},\"resid"
	  "ual_value\":{\"type\":[\"integer\",\"null\"]},\"residual_level\":{\"type\":[\"integer\",\""
	  "null\"]},\"residual_evaluation\":{\"type\":[\"string\",\"null\"],\"enum\":[\"accept\",\"tr"
	  "eat\",\"baseline\",null]},\"needs_approval\":{\"type\":\"boolean\"},\"created_at\":{\"type"
	  "\":\"string\"},\"updated_at\":{\"type\":\"string\"},\"not_evaluated_because\":{\"type\":[\""
	  "string\",\"null\"]},\"approval\":{\"type\":\"object\",\"required\":[\"state\"],\"propertie"
	  "s\":{\"state\":{\"type\":\"string\",\"enum\":[\"none\",\"current\",\"stale\",\"rejected\"]"
	  "},\"decision\":{\"type\":\"string\",\"enum\":[\"approved\",\"rejected\"]},\"by\":{\"type\""
	  ":\"string\"},\"at\":{\"type\":\"string\"},\"comment\":{\"type\":\"string\"}}}}}" },
	{ "Suggestions",
	  "{\"type\":\"object\",\"required\":[\"asset\",\"suggestions\"],\"properties\":{\"asset\":{\""
	  "type\":[\"string\",\"null\"]},\"suggestions\":{\"type\":\"array\",\"items\":{\"type\":\"ob"
	  "ject\",\"required\":[\"threat\",\"threat_name\",\"vulnerability\",\"vulnerability_name\",\""
	  "props\",\"registered\"],\"properties\":{\"threat\":{\"type\":\"string\"},\"threat_name\":{"
	  "\"type\":\"string\"},\"vulnerability\":{\"type\":\"string\"},\"vulnerability_name\":{\"typ"
	  "e\":\"string\"},\"props\":{\"type\":\"string\"},\"registered\":{\"type\":\"boolean\"}}}}}}" },
	{ "SuggestionsAdded",
	  "{\"type\":\"object\",\"required\":[\"added\"],\"properties\":{\"added\":{\"type\":\"array\""
	  ",\"items\":{\"type\":\"string\"}}}}" },
	{ "ApprovalQueue",
	  "{\"type\":\"object\",\"required\":[\"queue\",\"awaiting\",\"stale\",\"approved\",\"rejecte"
	  "d\",\"can_decide\"],\"properties\":{\"queue\":{\"type\":\"array\",\"items\":{\"type\":\"ob"
	  "ject\",\"required\":[\"code\",\"asset\",\"asset_name\",\"group\",\"threat\",\"threat_name\""
	  ",\"vulnerability\",\"vulnerability_name\",\"props\",\"threat_level\",\"vuln_level\",\"like"
	  "lihood\",\"impact\",\"owner\",\"description\",\"value\",\"level\",\"evaluation\",\"stale\""
	  ",\"treatment\",\"controls\",\"extra_controls\",\"plan_owner\",\"plan_due\",\"plan_status\""
	  ",\"plan_note\",\"residual_threat\",\"residual_vuln\",\"residual_likelihood\",\"residual_im"
	  "pact\",\"residual_value\",\"residual_level\",\"residual_evaluation\",\"needs_approval\",\""
	  "created_at\",\"updated_at\",\"approval\"],\"properties\":{\"code\":{\"type\":\"string\"},\""
	  "asset\":{\"type\":[\"string\",\"null\"]},\"asset_name\":{\"type\":[\"string\",\"null\"]},\""
	  "group\":{\"type\":[\"string\",\"null\"]},\"threat\":{\"type\":\"string\"},\"threat_name\":"
	  "{\"type\":\"string\"},\"vulnerability\":{\"type\":\"string\"},\"vulnerability_name\":{\"ty"
	  "pe\":\"string\"},\"props\":{\"type\":\"string\"},\"threat_level\":{\"type\":[\"integer\",\""
	  "null\"]},\"vuln_level\":{\"type\":[\"integer\",\"null\"]},\"likelihood\":{\"type\":[\"inte"
	  "ger\",\"null\"]},\"impact\":{\"type\":[\"integer\",\"null\"]},\"owner\":{\"type\":\"string"
	  "\"},\"description\":{\"type\":\"string\"},\"value\":{\"type\":[\"integer\",\"null\"]},\"le"
	  "vel\":{\"type\":[\"integer\",\"null\"]},\"evaluation\":{\"type\":[\"string\",\"null\"],\"e"
	  "num\":[\"accept\",\"treat\",\"baseline\",null]},\"stale\":{\"type\":\"boolean\"},\"treatme"
	  "nt\":{\"type\":[\"string\",\"null\"],\"enum\":[\"reduce\",\"accept\",\"avoid\",\"transfer\""
	  ",null]},\"controls\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"extra_controls"
	  "\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"plan_owner\":{\"type\":\"string\""
	  "},\"plan_due\":{\"type\":[\"string\",\"null\"]},\"plan_status\":{\"type\":[\"string\",\"nu"
	  "ll\"],\"enum\":[\"planned\",\"in_progress\",\"done\",null]},\"plan_note\":{\"type\":\"stri"
	  "ng\"},\"residual_threat\":{\"type\":[\"integer\",\"null\"]},\"residual_vuln\":{\"type\":[\""
	  "integer\",\"null\"]},\"residual_likelihood\":{\"type\":[\"integer\",\"null\"]},\"residual_"
	  "impact\":{\"type\":[\"integer\",\"null\"]},\"residual_value\":{\"type\":[\"integer\",\"nul"
	  "l\"]},\"residual_level\":{\"type\":[\"integer\",\"null\"]},\"residual_evaluation\":{\"type"
	  "\":[\"string\",\"null\"],\"enum\":[\"accept\",\"treat\",\"baseline\",null]},\"needs_approv"
	  "al\":{\"type\":\"boolean\"},\"created_at\":{\"type\":\"string\"},\"updated_at\":{\"type\":"
	  "\"string\"},\"approval\":{\"type\":\"string\",\"enum\":[\"none\",\"current\",\"stale\",\"r"
	  "ejected\"]}}}},\"awaiting\":{\"type\":\"integer\"},\"stale\":{\"type\":\"integer\"},\"appr"
	  "oved\":{\"type\":\"integer\"},\"rejected\":{\"type\":\"integer\"},\"can_decide\":{\"type\""
	  ":\"boolean\"}}}" },
	{ "Documents",
	  "{\"type\":\"object\",\"required\":[\"documents\",\"set_url\"],\"properties\":{\"documents\":"
	  "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"report\",\"title\",\"step"
	  "\",\"formats\",\"url\"],\"properties\":{\"report\":{\"type\":\"string\"},\"title\":{\"type\""
	  ":\"string\"},\"step\":{\"type\":\"integer\",\"description\":\"the step of the ten; 0 for non"
	  "e\"},\"formats\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"url\":{\"type\":\"st"
	  "ring\",\"description\":\"the download, with FORMAT and LANG to fill in\"}}}},\"set_url\":{\""
	  "type\":\"string\",\"description\":\"the whole document set as a zip, with LANG to fill in\"}"
	  "}}" },
};

static json_t *field_schema(const struct field *f)
{
	json_t *s = json_object();

	switch (f->type) {
	case FIELD_TEXT:
	case FIELD_MULTILINE:
		json_set_str(s, "type", "string");
		json_set_int(s, "maxLength", f->max);
		break;
	case FIELD_PASSWORD:
		json_set_str(s, "type", "string");
		json_set_str(s, "format", "password");
		break;
	case FIELD_NAME:
		json_set_str(s, "type", "string");
		json_set_str(s, "pattern", "^[A-Za-z0-9._@-]{1,64}$");
		break;
	case FIELD_INT:
		json_set_str(s, "type", "integer");
		json_set_int(s, "minimum", f->min);
		json_set_int(s, "maximum", f->max);
		break;
	case FIELD_DATE:
		json_set_str(s, "type", "string");
		json_set_str(s, "format", "date");
		break;
	case FIELD_ENUM: {
		json_t *e = json_array();

		json_set_str(s, "type", "string");
		for (const char *const *v = f->values; *v; v++)
			json_array_append_new(e, json_string(*v));
		json_object_set_new(s, "enum", e);
		break;
	}
	case FIELD_BOOL:
		json_set_str(s, "type", "boolean");
		break;
	case FIELD_HEX:
		json_set_str(s, "type", "string");
		json_set_str(s, "pattern", f->max ? "^[0-9a-f]+$" : "^[0-9a-f]{1,128}$");
		break;
	case FIELD_PATH:
		json_set_str(s, "type", "string");
		break;
	case FIELD_FILE:
		json_set_str(s, "type", "string");
		json_set_str(s, "contentMediaType", "application/octet-stream");
		break;
	case FIELD_JSON:
		json_object_set_new(s, "type", json_pack("[ss]", "object", "array"));
		break;
	}
	if (f->flags & FIELD_REPEAT) {
		json_t *list = json_object();

		json_set_str(list, "type", "array");
		json_object_set_new(list, "items", s);
		json_set_int(list, "maxItems", REQ_LIST_MAX);
		s = list;
	}
	if (f->doc)
		json_set_str(s, "description", f->doc);
	return s;
}

/* "/isms/{isms:id}" -> "/isms/{isms}", with the path parameters. */
static char *openapi_path(const char *pattern, json_t *params)
{
	struct sbuf sb = SBUF_INIT;

	for (const char *p = pattern; *p; p++) {
		const char *colon, *close;
		json_t *par, *sch;

		if (*p != '{') {
			sbuf_addch(&sb, *p);
			continue;
		}
		colon = strchr(p, ':');
		close = strchr(p, '}');
		sbuf_add(&sb, p, (size_t)(colon - p));
		sbuf_addch(&sb, '}');
		par = json_object();
		sch = json_object();
		json_object_set_new(par, "name", json_stringn(p + 1, (size_t)(colon - p - 1)));
		json_set_str(par, "in", "path");
		json_set_bool(par, "required", 1);
		if (!strncmp(colon + 1, "id", 2)) {
			json_set_str(sch, "type", "integer");
			json_set_int(sch, "minimum", 1);
		} else if (!strncmp(colon + 1, "code", 4)) {
			/* An identifier users choose (asset and risk IDs, control
			 * IDs): any text without "/" or control characters. */
			json_set_str(sch, "type", "string");
			json_set_str(sch, "pattern", "^[^/\\x00-\\x1f\\x7f]{1,200}$");
		} else {
			json_set_str(sch, "type", "string");
			json_set_str(sch, "pattern", "^[A-Za-z0-9._@-]{1,64}$");
		}
		json_object_set_new(par, "schema", sch);
		json_array_append_new(params, par);
		p = close;
	}
	return sbuf_detach(&sb, NULL);
}

static json_t *response(const char *description, const char *schema)
{
	json_t *r = json_object(), *content = json_object(), *media = json_object();
	json_t *ref = json_object();
	char target[128];

	snprintf(target, sizeof(target), "#/components/schemas/%s", schema);
	json_set_str(r, "description", description);
	json_set_str(ref, "$ref", target);
	json_object_set_new(media, "schema", ref);
	json_object_set_new(content, "application/json", media);
	json_object_set_new(r, "content", content);
	return r;
}

static json_t *operation(const struct route *rt, json_t *params)
{
	static const char *const roles_doc[] = { "", "viewer", "auditor", "owner", "approver",
						 "manager", "admin" };
	json_t *op = json_object(), *responses = json_object();

	json_set_str(op, "summary", rt->summary);
	if (rt->method == HTTP_GET) {
		for (const struct field *f = rt->fields; f && f->name; f++) {
			json_t *par = json_object();

			json_set_str(par, "name", f->name);
			json_set_str(par, "in", "query");
			json_set_bool(par, "required", (f->flags & FIELD_REQUIRED) != 0);
			json_object_set_new(par, "schema", field_schema(f));
			json_array_append_new(params, par);
		}
	} else if (rt->fields && rt->fields->name) {
		json_t *body = json_object(), *content = json_object(), *media = json_object();
		json_t *schema = json_object(), *props = json_object(), *required = json_array();

		for (const struct field *f = rt->fields; f->name; f++) {
			json_object_set_new(props, f->name, field_schema(f));
			if (f->flags & FIELD_REQUIRED)
				json_array_append_new(required, json_string(f->name));
		}
		json_set_str(schema, "type", "object");
		json_object_set_new(schema, "properties", props);
		json_object_set_new(schema, "required", required);
		json_set_bool(schema, "additionalProperties", 0);
		json_object_set_new(media, "schema", schema);
		/* Upload routes take a multipart/form-data body; the others JSON. */
		json_object_set_new(content, (rt->flags & ROUTE_UPLOAD) ? "multipart/form-data" : "application/json",
				    media);
		json_set_bool(body, "required", json_array_size(required) > 0);
		json_object_set_new(body, "content", content);
		json_object_set_new(op, "requestBody", body);
	}
	if (json_array_size(params))
		json_object_set(op, "parameters", params);
	json_object_set_new(responses, "200", response("Success", rt->schema));
	json_object_set_new(responses, "default", response("An error, with the HTTP status of its kind", "Error"));
	json_object_set_new(op, "responses", responses);
	if (rt->flags & ROUTE_LOGIN) {
		json_t *sec = json_array(), *a = json_object(), *b = json_object();

		json_object_set_new(a, "session", json_array());
		json_object_set_new(b, "bearer", json_array());
		json_array_append_new(sec, a);
		json_array_append_new(sec, b);
		json_object_set_new(op, "security", sec);
	} else {
		json_object_set_new(op, "security", json_array());
	}
	if (rt->flags & ROUTE_ISMS)
		json_set_str(op, "x-isms-role", roles_doc[rt->role]);
	if (rt->flags & ROUTE_ADMIN)
		json_set_str(op, "x-isms-role", "admin");
	if (rt->flags & ROUTE_WRITE)
		json_set_bool(op, "x-isms-writes", 1);
	return op;
}

char *openapi_build(size_t *ret_len)
{
	static const char *const methods[] = { [HTTP_GET] = "get", [HTTP_POST] = "post",
					       [HTTP_PUT] = "put", [HTTP_DELETE] = "delete" };
	json_t *doc = json_object(), *info = json_object(), *paths = json_object();
	json_t *components = json_object(), *schemes = json_object(), *sch = json_object();
	json_t *cookie = json_object(), *bearer = json_object(), *csrf = json_object();
	struct sbuf sb = SBUF_INIT;

	json_set_str(doc, "openapi", "3.1.0");
	json_set_str(info, "title", "isms API");
	json_set_str(info, "version", ISMS_VERSION);
	json_set_str(info, "description",
		     "The JSON API of isms. Authenticate with the session cookie of POST /api/v1/login "
		     "(then send the session's CSRF token as X-CSRF-Token with every writing request), "
		     "or with an API token as Authorization: Bearer. Errors carry the HTTP status of "
		     "their kind: 400 malformed request, 401 not logged in, 403 not allowed, 404 not "
		     "found, 409 conflict, 413 too large, 415 wrong content type, 422 invalid input, "
		     "429 too many failed logins.");
	json_object_set_new(doc, "info", info);

	for (const struct route *rt = web_routes; rt->pattern; rt++) {
		json_t *params, *item;
		char *path;

		if (!(rt->flags & ROUTE_API))
			continue;
		params = json_array();
		path = openapi_path(rt->pattern, params);
		item = json_object_get(paths, path);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, path, item);
		}
		json_object_set_new(item, methods[rt->method], operation(rt, params));
		json_decref(params);
		free(path);
	}
	json_object_set_new(doc, "paths", paths);

	json_set_str(cookie, "type", "apiKey");
	json_set_str(cookie, "in", "cookie");
	json_set_str(cookie, "name", "isms_session");
	json_set_str(bearer, "type", "http");
	json_set_str(bearer, "scheme", "bearer");
	json_set_str(csrf, "type", "apiKey");
	json_set_str(csrf, "in", "header");
	json_set_str(csrf, "name", "X-CSRF-Token");
	json_object_set_new(schemes, "session", cookie);
	json_object_set_new(schemes, "bearer", bearer);
	json_object_set_new(schemes, "csrf", csrf);
	json_object_set_new(components, "securitySchemes", schemes);
	for (size_t i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++) {
		json_error_t jerr;
		json_t *s = json_loads(schemas[i].json, 0, &jerr);

		if (!s) {
			fprintf(stderr, "isms: bug: schema %s: %s\n", schemas[i].name, jerr.text);
			abort();
		}
		json_object_set_new(sch, schemas[i].name, s);
	}
	json_object_set_new(components, "schemas", sch);
	json_object_set_new(doc, "components", components);
	json_write(&sb, doc, 1);
	sbuf_addch(&sb, '\n');
	json_decref(doc);
	return sbuf_detach(&sb, ret_len);
}
