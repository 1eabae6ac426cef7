/* demo.c - a demo ISMS of a fictional Tokyo software company, built through all ten steps with the library's own calls. */
#include <stdio.h>
#include <string.h>

#include "isms/approval.h"
#include "isms/asset.h"
#include "isms/authorisation.h"
#include "isms/catalog.h"
#include "isms/demo.h"
#include "isms/isms.h"
#include "isms/method.h"
#include "isms/policy.h"
#include "isms/risk.h"
#include "isms/scope.h"
#include "isms/selection.h"
#include "isms/soa.h"
#include "isms/user.h"
#include "isms/xalloc.h"
#include "model.h"
#include "selection-int.h"

/* A text in both languages. */
struct t2 {
	const char *en, *ja;
};

#define PICK(lang, t) ((lang) == ISMS_LANG_JA ? (t).ja : (t).en)

static const struct t2 company = { "Sample Soft Inc.", "株式会社サンプルソフト" };

/* --- step 1: the scope ------------------------------------------------------ */

static const struct {
	enum scope_kind kind;
	struct t2 name, detail;
} scope_items[] = {
	{ SCOPE_UNIT, { "Development", "開発部" },
	  { "Builds the SaaS product and custom software for customers (28 people)",
	    "SaaS製品及び受託ソフトウェアの開発（28名）" } },
	{ SCOPE_UNIT, { "Operations", "運用部" },
	  { "Runs the SaaS production environment and customer support (9 people)",
	    "SaaS本番環境の運用及び顧客サポート（9名）" } },
	{ SCOPE_UNIT, { "Sales", "営業部" },
	  { "Sales and contracts with customers (6 people)", "顧客への営業及び契約（6名）" } },
	{ SCOPE_UNIT, { "Administration", "管理部" },
	  { "HR, accounting, general affairs and the ISMS office (7 people)",
	    "人事、経理、総務及びISMS事務局（7名）" } },
	{ SCOPE_SITE, { "Head office", "本社" },
	  { "3F, 1-2-3 Kanda, Chiyoda-ku, Tokyo: all work of the four units",
	    "東京都千代田区神田1-2-3 3階：4部門のすべての業務" } },
	{ SCOPE_SITE, { "Home offices", "在宅勤務場所" },
	  { "Employees' homes when teleworking under the telework rules",
	    "テレワーク規程に基づき在宅勤務を行う従業員の自宅" } },
	{ SCOPE_PROCESS, { "SaaS service \"SampleCloud\"", "SaaSサービス「サンプルクラウド」" },
	  { "Development, operation and support of the company's SaaS",
	    "自社SaaSの開発、運用及びサポート" } },
	{ SCOPE_PROCESS, { "Contract development", "受託開発" },
	  { "Development of software ordered by customers, with their data",
	    "顧客から受託するソフトウェア開発（顧客データを含む）" } },
	{ SCOPE_PROCESS, { "Administration", "管理業務" },
	  { "HR, payroll, accounting and contracts", "人事、給与、経理及び契約管理" } },
	{ SCOPE_SYSTEM, { "Production environment", "本番環境" },
	  { "AWS Tokyo region: application servers, database, backups",
	    "AWS東京リージョン上のアプリケーションサーバ、データベース、バックアップ" } },
	{ SCOPE_SYSTEM, { "Development platform", "開発基盤" },
	  { "GitHub (source code, CI) and the test environment on AWS",
	    "GitHub（ソースコード管理、CI）及びAWS上のテスト環境" } },
	{ SCOPE_SYSTEM, { "Office network and PCs", "社内ネットワーク及びPC" },
	  { "Office LAN and Wi-Fi, firewall, 55 laptops", "本社LAN・無線LAN、ファイアウォール、ノートPC 55台" } },
	{ SCOPE_SYSTEM, { "Microsoft 365", "Microsoft 365" },
	  { "Email, file sharing and chat for all staff", "全従業員のメール、ファイル共有及びチャット" } },
	{ SCOPE_INTERFACE, { "Amazon Web Services", "Amazon Web Services" },
	  { "Cloud infrastructure of the production and test environments (shared responsibility)",
	    "本番環境及びテスト環境のクラウド基盤（責任共有モデル）" } },
	{ SCOPE_INTERFACE, { "GitHub and Microsoft", "GitHub及びMicrosoft" },
	  { "SaaS used for development and office work", "開発業務及び事務作業で利用するSaaS" } },
	{ SCOPE_INTERFACE, { "Customers", "顧客" },
	  { "Send data for contract development; use SampleCloud over the Internet",
	    "受託開発のデータの受領、インターネット経由でのサンプルクラウドの利用" } },
	{ SCOPE_INTERFACE, { "Payroll outsourcer", "給与計算委託先" },
	  { "Receives payroll data monthly under a confidentiality agreement",
	    "秘密保持契約に基づき毎月給与データを受け渡す" } },
	{ SCOPE_EXCLUSION, { "Osaka sales desk", "大阪営業デスク" },
	  { "One salesperson in a shared office who only meets customers; they handle no customer data and use only the head office's Microsoft 365, which is in scope",
	    "シェアオフィスに営業担当1名が常駐し顧客訪問のみを行う。顧客データは取り扱わず、適用範囲内の本社Microsoft 365のみを利用するため除外する" } },
};

static enum isms_rc do_scope(struct isms_ctx *ctx, int64_t id, enum isms_lang lang,
			     struct isms_err *err)
{
	struct scope s = { 0 };
	struct scope_item items[sizeof(scope_items) / sizeof(scope_items[0])];
	size_t n = 0;
	bool unchanged;
	int version;

	s.organisation = PICK(lang, company);
	s.description = lang == ISMS_LANG_JA
				? "本ISMSは、当社の全事業（SaaSサービス、受託開発及び管理業務）を対象とする。\n\n本番環境はAWS上にあり、物理的なサーバ室は保有しない。クラウド事業者の責任範囲は、供給者管理の対象として扱う。"
				: "The ISMS covers all of the company's business: the SaaS service, contract development and administration.\n\nThe production environment runs on AWS; the company has no server room. What the cloud provider is responsible for is managed as a supplier relationship.";
	for (int k = 0; k < SCOPE_NKINDS; k++) {
		s.items[k] = &items[n];
		for (size_t i = 0; i < sizeof(scope_items) / sizeof(scope_items[0]); i++) {
			if (scope_items[i].kind != (enum scope_kind)k)
				continue;
			items[n].name = PICK(lang, scope_items[i].name);
			items[n].detail = PICK(lang, scope_items[i].detail);
			items[n].line = 0;
			n++;
			s.nitems[k]++;
		}
	}
	return scope_save(ctx, id, &s, &version, &unchanged, err);
}

/* --- step 4: assets ------------------------------------------------------------ */

static const struct {
	const char *code;
	struct t2 name;
	enum asset_type type;
	struct t2 owner, location;
	int c, i, a;
	struct t2 why;
} assets[] = {
	{ "A-001", { "Customer database", "顧客データベース" }, ASSET_INFORMATION,
	  { "Head of Operations", "運用部長" }, { "AWS Tokyo region", "AWS東京リージョン" }, 3, 3, 2,
	  { "Personal data of customers' users", "顧客の利用者の個人情報を含む" } },
	{ "A-002", { "SaaS production environment", "SaaS本番環境" }, ASSET_SERVICE,
	  { "Head of Operations", "運用部長" }, { "AWS Tokyo region", "AWS東京リージョン" }, 3, 3, 3,
	  { "Customers' business stops when it stops", "停止すると顧客の業務が止まる" } },
	{ "A-003", { "Source code", "ソースコード" }, ASSET_INFORMATION,
	  { "Head of Development", "開発部長" }, { "GitHub", "GitHub" }, 3, 3, 2,
	  { "The company's main intellectual property", "当社の主要な知的財産" } },
	{ "A-004", { "Employee laptops", "従業員のノートPC" }, ASSET_HARDWARE,
	  { "Head of Administration", "管理部長" }, { "Head office and homes", "本社及び自宅" }, 2, 2, 2,
	  { "Hold work data temporarily", "業務データを一時的に保存する" } },
	{ "A-005", { "Microsoft 365", "Microsoft 365" }, ASSET_SERVICE,
	  { "Head of Administration", "管理部長" }, { "Microsoft cloud", "Microsoftクラウド" }, 2, 2, 2,
	  { "Email and shared files of all staff", "全従業員のメール及び共有ファイル" } },
	{ "A-006", { "HR and payroll data", "人事・給与データ" }, ASSET_INFORMATION,
	  { "Head of Administration", "管理部長" }, { "Microsoft 365 (restricted site)", "Microsoft 365（限定サイト）" },
	  3, 2, 1, { "Employees' personal data", "従業員の個人情報" } },
	{ "A-007", { "Contracts and quotations", "契約書・見積書" }, ASSET_INFORMATION,
	  { "Head of Sales", "営業部長" }, { "Cabinet in the head office", "本社の施錠キャビネット" }, 2, 2, 1,
	  { "Prices and terms agreed with customers", "顧客と合意した価格及び条件" } },
	{ "A-008", { "Development platform (GitHub, CI)", "開発基盤（GitHub・CI）" }, ASSET_SERVICE,
	  { "Head of Development", "開発部長" }, { "GitHub", "GitHub" }, 3, 3, 2,
	  { "Builds and deploys production code", "本番環境へのビルド及びデプロイを行う" } },
	{ "A-009", { "Support desk system", "サポート窓口システム" }, ASSET_SOFTWARE,
	  { "Head of Operations", "運用部長" }, { "SaaS", "SaaS" }, 2, 2, 2,
	  { "Customers' enquiries, sometimes with their data", "顧客の問合せ（データを含むことがある）" } },
	{ "A-010", { "Head office", "本社オフィス" }, ASSET_SITE,
	  { "Head of Administration", "管理部長" }, { "Chiyoda-ku, Tokyo", "東京都千代田区" }, 1, 1, 3,
	  { "Place of work of all units", "全部門の執務場所" } },
	{ "A-011", { "Employees", "従業員" }, ASSET_PEOPLE,
	  { "CEO", "代表取締役" }, { "Head office", "本社" }, 2, 2, 2,
	  { "Know how the service runs", "サービスの運用に関する知識を持つ" } },
	{ "A-012", { "Backup data", "バックアップデータ" }, ASSET_INFORMATION,
	  { "Head of Operations", "運用部長" }, { "AWS Osaka region", "AWS大阪リージョン" }, 3, 3, 2,
	  { "Copies of the customer database", "顧客データベースの複製" } },
	{ "A-013", { "Office network and firewall", "社内ネットワーク・ファイアウォール" }, ASSET_HARDWARE,
	  { "Head of Administration", "管理部長" }, { "Head office", "本社" }, 2, 2, 2,
	  { "Connects staff to the Internet and the cloud", "従業員をインターネット及びクラウドに接続する" } },
	{ "A-014", { "Company brand", "会社のブランド" }, ASSET_INTANGIBLE,
	  { "CEO", "代表取締役" }, { "—", "—" }, 1, 2, 1,
	  { "Trust of customers", "顧客からの信頼" } },
};

/* --- steps 4 to 6: risks and their treatment ----------------------------------- */

enum demo_treat { DT_REDUCE, DT_TRANSFER, DT_ACCEPT };

static const struct {
	const char *asset, *threat, *vuln;
	int tl, vl;
	enum demo_treat treat;
	int res_vuln; /* 0: as before */
	enum risk_plan_status plan;
	struct t2 owner;
	const char *due;
} risks[] = {
	{ "A-001", "T-012", "V-066", 3, 2, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Development", "開発部長" }, "2026-03-31" },
	{ "A-001", "T-001", "V-018", 2, 3, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Operations", "運用部長" }, "2026-03-31" },
	{ "A-002", "T-003", "V-008", 2, 2, DT_REDUCE, 1, RISK_PLAN_IN_PROGRESS, { "Head of Operations", "運用部長" }, "2026-06-30" },
	{ "A-002", "T-038", "V-021", 2, 3, DT_TRANSFER, 2, RISK_PLAN_DONE, { "Head of Operations", "運用部長" }, "2026-03-31" },
	{ "A-003", "T-016", "V-019", 2, 2, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Development", "開発部長" }, "2026-03-31" },
	{ "A-004", "T-030", "V-009", 3, 2, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Administration", "管理部長" }, "2026-02-28" },
	{ "A-004", "T-002", "V-004", 2, 2, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Administration", "管理部長" }, "2026-02-28" },
	{ "A-005", "T-004", "V-002", 3, 3, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Administration", "管理部長" }, "2026-01-31" },
	{ "A-005", "T-028", "V-055", 3, 2, DT_REDUCE, 1, RISK_PLAN_IN_PROGRESS, { "Head of Administration", "管理部長" }, "2026-06-30" },
	{ "A-006", "T-016", "V-059", 1, 2, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Administration", "管理部長" }, "2026-03-31" },
	{ "A-007", "T-031", "V-015", 2, 2, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Sales", "営業部長" }, "2026-03-31" },
	{ "A-008", "T-024", "V-064", 2, 2, DT_REDUCE, 1, RISK_PLAN_PLANNED, { "Head of Development", "開発部長" }, "2026-09-30" },
	{ "A-008", "T-007", "V-001", 2, 2, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Development", "開発部長" }, "2026-01-31" },
	{ "A-009", "T-032", "V-028", 2, 2, DT_REDUCE, 1, RISK_PLAN_IN_PROGRESS, { "Head of Operations", "運用部長" }, "2026-06-30" },
	{ "A-010", "T-045", "V-033", 2, 2, DT_ACCEPT, 0, RISK_PLAN_NONE, { "CEO", "代表取締役" }, NULL },
	{ "A-011", "T-019", "V-020", 2, 3, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Administration", "管理部長" }, "2026-03-31" },
	{ "A-012", "T-041", "V-044", 1, 2, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Operations", "運用部長" }, "2026-03-31" },
	{ "A-013", "T-013", "V-050", 2, 2, DT_REDUCE, 1, RISK_PLAN_DONE, { "Head of Administration", "管理部長" }, "2026-03-31" },
	{ "A-014", "T-040", "V-072", 1, 1, DT_ACCEPT, 0, RISK_PLAN_NONE, { "CEO", "代表取締役" }, NULL },
};

static enum isms_rc do_risks(struct isms_ctx *ctx, int64_t id, enum isms_lang lang,
			     struct isms_err *err)
{
	enum isms_rc rc = ISMS_OK;

	for (size_t i = 0; !rc && i < sizeof(risks) / sizeof(risks[0]); i++) {
		struct risk_new n = {
			.asset = risks[i].asset, .threat = risks[i].threat, .vuln = risks[i].vuln,
			.threat_level = risks[i].tl, .vuln_level = risks[i].vl,
		};
		struct risk_treat t = RISK_TREAT_INIT;
		struct arena a = ARENA_INIT;
		char code[RISK_CODE_MAX + 1];
		struct risk r;

		rc = risk_add(ctx, id, &n, code, err);
		if (!rc)
			rc = risk_get(ctx, &a, id, code, &r, err);
		/* Only what the criteria do not accept is treated, as a user would. */
		if (!rc && (r.evaluation == SCORE_TREAT || risks[i].treat == DT_ACCEPT) &&
		    r.evaluation != SCORE_ACCEPT) {
			t.option = risks[i].treat == DT_REDUCE ? RISK_TREAT_REDUCE
				   : risks[i].treat == DT_TRANSFER ? RISK_TREAT_TRANSFER
								   : RISK_TREAT_ACCEPT;
			t.suggested = risks[i].treat != DT_ACCEPT;
			t.plan_owner = PICK(lang, risks[i].owner);
			t.plan_due = risks[i].due;
			if (risks[i].plan != RISK_PLAN_NONE)
				t.plan_status = (int)risks[i].plan;
			t.res_vuln = risks[i].res_vuln;
			if (risks[i].treat == DT_TRANSFER) {
				static const char *const extra_en[] = { "Cloud provider SLA and multi-AZ configuration" };
				static const char *const extra_ja[] = { "クラウド事業者のSLA及びマルチAZ構成" };

				t.extras = lang == ISMS_LANG_JA ? extra_ja : extra_en;
				t.nextras = 1;
				t.set_extras = true;
			}
			rc = risk_treat(ctx, id, code, &t, err);
		}
		arena_release(&a);
	}
	return rc;
}

/* Step 8: the approver signs off every residual risk the criteria do not accept. */
static enum isms_rc approve_residuals(struct isms_ctx *ctx, int64_t id, enum isms_lang lang,
				      struct isms_err *err)
{
	struct risk_filter f = RISK_FILTER_INIT;
	struct arena a = ARENA_INIT;
	struct risk *rows;
	size_t n, total;
	enum isms_rc rc;

	f.needs_approval = true;
	rc = risk_list(ctx, &a, id, &f, &rows, &n, &total, err);
	for (size_t i = 0; !rc && i < n; i++)
		rc = risk_approve(ctx, id, rows[i].code, APPROVAL_APPROVED,
				  lang == ISMS_LANG_JA ? "残留リスクを受容する。次回のマネジメントレビューで再評価する。"
						       : "The residual risk is accepted; to be reviewed at the next management review.",
				  err);
	arena_release(&a);
	return rc;
}

/* --- step 7: control selection ------------------------------------------------- */

/* Controls chosen for reasons other than risk, by edition: index 0 is
 * 2013, 1 is 2022. */
static const char *const legal_ids[2][5] = {
	{ "A.18.1.1", "A.18.1.2", "A.18.1.3", "A.18.1.4", NULL },
	{ "A.5.31", "A.5.32", "A.5.33", "A.5.34", NULL },
};
static const char *const contract_ids[2][4] = {
	{ "A.15.1.2", "A.13.2.4", "A.15.1.1", NULL },
	{ "A.5.20", "A.6.6", "A.5.19", NULL },
};
static const struct {
	const char *id[2];
	struct t2 why;
} exclusions[] = {
	{ { "A.14.2.7", "A.8.30" },
	  { "All development is done by our own employees; no development is outsourced.",
	    "開発はすべて自社の従業員が行っており、開発を外部に委託していないため。" } },
	{ { "A.11.1.5", "A.7.6" },
	  { "There is no secure area such as a server room: production systems run at the cloud provider, whose facilities are covered by its certifications.",
	    "サーバ室等のセキュリティを保つべき領域を保有しない。本番システムはクラウド事業者の設備で稼働しており、その設備は同社の認証の範囲で管理されているため。" } },
};

/* Where each group of controls is implemented (the documents of the demo company). */
static struct t2 reference(int edition, const char *id)
{
	bool org = edition == 2022 ? !strncmp(id, "A.5.", 4)
				   : (!strncmp(id, "A.5.", 4) || !strncmp(id, "A.6.", 4) ||
				      !strncmp(id, "A.15.", 5) || !strncmp(id, "A.18.", 5));
	bool people = edition == 2022 ? !strncmp(id, "A.6.", 4) : !strncmp(id, "A.7.", 4);
	bool physical = edition == 2022 ? !strncmp(id, "A.7.", 4) : !strncmp(id, "A.11.", 5);

	if (org)
		return (struct t2){ "Information Security Management Rules, ch. 2-4",
				    "情報セキュリティ管理規程 第2章〜第4章" };
	if (people)
		return (struct t2){ "Work Rules; Human Resource Security Rules",
				    "就業規則、人的セキュリティ規程" };
	if (physical)
		return (struct t2){ "Physical Security Rules; office entry records",
				    "物理的セキュリティ規程、入退室記録" };
	return (struct t2){ "System Operation Rules; AWS and Microsoft 365 settings records",
			    "システム運用規程、AWS及びMicrosoft 365の設定記録" };
}

static const char *control_owner(enum isms_lang lang, int edition, const char *id)
{
	struct t2 r = reference(edition, id);

	if (!strcmp(r.en, "Work Rules; Human Resource Security Rules") ||
	    !strcmp(r.en, "Physical Security Rules; office entry records"))
		return lang == ISMS_LANG_JA ? "管理部長" : "Head of Administration";
	if (!strcmp(r.en, "Information Security Management Rules, ch. 2-4"))
		return lang == ISMS_LANG_JA ? "ISMS事務局" : "ISMS office";
	return lang == ISMS_LANG_JA ? "運用部長" : "Head of Operations";
}

static bool in_list(const char *const *list, const char *id)
{
	for (; *list; list++)
		if (!strcmp(*list, id))
			return true;
	return false;
}

static enum isms_rc do_controls(struct isms_ctx *ctx, int64_t id, enum isms_lang lang, int edition,
				struct isms_err *err)
{
	const struct catalog *cat = catalog_builtin(edition);
	int ed = edition == 2022 ? 1 : 0;
	struct arena a = ARENA_INIT;
	struct sel_links links;
	enum isms_rc rc;
	size_t k = 0;

	rc = sel_load_links(ctx, &a, id, &links, err);

	for (size_t i = 0; !rc && i < sizeof(exclusions) / sizeof(exclusions[0]); i++) {
		struct sel_update u = SEL_UPDATE_INIT;
		const char *ids[1] = { exclusions[i].id[ed] };

		u.justification = PICK(lang, exclusions[i].why);
		rc = selection_exclude(ctx, id, ids, 1, &u, err);
	}
	for (size_t i = 0; !rc && i < cat->nitems; i++) {
		const struct catalog_item *it = &cat->items[i];
		struct sel_update u = SEL_UPDATE_INIT;
		const char *ids[1] = { it->id };
		bool excluded = false;

		if (it->kind != CAT_CONTROL)
			continue;
		for (size_t e = 0; e < sizeof(exclusions) / sizeof(exclusions[0]); e++)
			excluded |= !strcmp(exclusions[e].id[ed], it->id);
		if (excluded)
			continue;
		/* A control that treats a risk needs no other reason. */
		u.reasons_add = in_list(legal_ids[ed], it->id) ? SEL_REASON_LEGAL
				: in_list(contract_ids[ed], it->id) ? SEL_REASON_CONTRACT
				: sel_links_of(&links, it->id, NULL) ? 0 : SEL_REASON_BUSINESS;
		/* Most controls are in place; a few are still being introduced. */
		k++;
		u.status = k % 11 == 0 ? SEL_PLANNED : k % 7 == 0 ? SEL_PARTIAL : SEL_IMPLEMENTED;
		u.owner = control_owner(lang, edition, it->id);
		u.impl_ref = PICK(lang, reference(edition, it->id));
		rc = selection_select(ctx, id, ids, 1, false, &u, err);
	}
	if (!rc) {
		struct sel_update u = SEL_UPDATE_INIT;
		const char *ids[1] = { "X-1" };

		u.title = lang == ISMS_LANG_JA ? "顧客データの国内保管" : "Customer data kept in Japan";
		u.reasons_add = SEL_REASON_CONTRACT;
		u.status = SEL_IMPLEMENTED;
		u.owner = lang == ISMS_LANG_JA ? "運用部長" : "Head of Operations";
		u.impl_ref = lang == ISMS_LANG_JA ? "SaaS利用規約 第12条、AWSリージョン設定"
						  : "SaaS terms of service art. 12; AWS region settings";
		rc = selection_select(ctx, id, ids, 1, true, &u, err);
	}
	arena_release(&a);
	return rc;
}

/* --- the whole ------------------------------------------------------------------ */

static enum isms_rc ensure_user(struct isms_ctx *ctx, int64_t id, const char *name,
				const char *display, enum isms_role role, struct isms_err *err)
{
	struct arena a = ARENA_INIT;
	struct user_info *users;
	bool found = false;
	size_t n;
	enum isms_rc rc = user_list(ctx, &a, 0, &users, &n, err);

	for (size_t i = 0; !rc && i < n; i++)
		found |= !strcmp(users[i].name, name);
	arena_release(&a);
	if (!rc && !found)
		rc = user_add(ctx, name, display, NULL, NULL, err);
	if (!rc)
		rc = user_role_set(ctx, id, name, role, err);
	return rc;
}

static enum isms_rc build(struct isms_ctx *ctx, const struct demo_opts *o, int64_t *ret_id,
			  struct isms_err *err)
{
	enum isms_lang lang = o->lang;
	struct isms_new n = { .name = o->name ? o->name : "demo", .org = PICK(lang, company),
			      .edition = o->edition ? o->edition : 2022, .lang = lang };
	const char *ja = lang == ISMS_LANG_JA ? "ja" : NULL;
	struct score_method m;
	struct method_change mc;
	struct sbuf policy = SBUF_INIT;
	enum isms_rc rc;
	int64_t id;
	int version, number;
	bool unchanged;

	if (n.edition != 2022 && n.edition != 2013) {
		isms_err_set(err, ISMS_EINVAL, _("the demo is built on edition 2022 or 2013"));
		isms_err_field(err, "edition");
		return ISMS_EINVAL;
	}
	rc = isms_create(ctx, &n, &id, err);
	if (!rc)
		rc = ensure_user(ctx, id, DEMO_MANAGER, ja ? "ISMS事務局 鈴木" : "ISMS manager (Suzuki)",
				 ROLE_MANAGER, err);
	if (!rc)
		rc = ensure_user(ctx, id, DEMO_APPROVER, ja ? "代表取締役 山田" : "CEO (Yamada)",
				 ROLE_APPROVER, err);
	if (rc)
		return rc;
	*ret_id = id;

	/* The ISMS manager does the work. */
	isms_ctx_set_actor(ctx, DEMO_MANAGER);
	rc = do_scope(ctx, id, lang, err);
	if (!rc)
		rc = policy_template(lang, PICK(lang, company), "2026-01-15", &policy, err);
	if (!rc)
		rc = policy_save(ctx, id, policy.buf, &version, &unchanged, err);
	sbuf_release(&policy);
	if (rc)
		return rc;
	if (!score_preset("jipdec-3x3x3", &m))
		return isms_err_set(err, ISMS_EINTERNAL, "demo: no jipdec preset");
	rc = method_set(ctx, id, &m, &mc, err);
	score_method_release(&m);
	for (size_t i = 0; !rc && i < sizeof(assets) / sizeof(assets[0]); i++) {
		struct asset a = {
			.code = assets[i].code, .name = PICK(lang, assets[i].name), .type = assets[i].type,
			.owner = PICK(lang, assets[i].owner), .location = PICK(lang, assets[i].location),
			.c = assets[i].c, .i = assets[i].i, .a = assets[i].a,
			.c_reason = PICK(lang, assets[i].why),
			.classification = assets[i].c == 3 ? (ja ? "極秘" : "Restricted")
				       : assets[i].c == 2 ? (ja ? "社外秘" : "Internal") : (ja ? "公開" : "Public"),
		};

		rc = asset_add(ctx, id, &a, NULL, err);
	}
	if (!rc)
		rc = do_risks(ctx, id, lang, err);
	if (!rc)
		rc = do_controls(ctx, id, lang, n.edition, err);
	if (rc)
		return rc;

	/* Top management signs off. */
	isms_ctx_set_actor(ctx, DEMO_APPROVER);
	rc = scope_approve(ctx, id, APPROVAL_APPROVED, ja ? "適用範囲を承認する。" : "Scope approved.", NULL, err);
	if (!rc)
		rc = policy_approve(ctx, id, APPROVAL_APPROVED,
				    ja ? "基本方針を承認し、全従業員に周知する。" : "Policy approved; to be communicated to all staff.",
				    NULL, err);
	if (!rc)
		rc = method_approve(ctx, id, APPROVAL_APPROVED,
				    ja ? "リスクアセスメントの方法及び受容基準を承認する。" : "Method and acceptance criteria approved.",
				    err);
	if (!rc)
		rc = approve_residuals(ctx, id, lang, err);
	if (!rc)
		rc = authorisation_record(ctx, id, APPROVAL_APPROVED,
					  ja ? "ISMSの導入及び運用を許可する。運用開始日は2026年4月1日とする。"
					     : "Implementing and operating the ISMS is authorised, starting on 1 April 2026.",
					  err);
	if (rc)
		return rc;
	isms_ctx_set_actor(ctx, DEMO_MANAGER);
	rc = soa_generate(ctx, id, &number, err);
	if (rc)
		return rc;
	isms_ctx_set_actor(ctx, DEMO_APPROVER);
	return soa_approve(ctx, id, number, APPROVAL_APPROVED,
			   ja ? "適用宣言書を承認する。" : "Statement of Applicability approved.", NULL, err);
}

enum isms_rc demo_build(struct isms_ctx *ctx, const struct demo_opts *o, int64_t *ret_id,
			struct isms_err *err)
{
	char *actor = xstrdup(isms_ctx_actor(ctx));
	enum isms_rc rc = store_begin(ctx->st, err);

	if (!rc)
		rc = store_end(ctx->st, build(ctx, o, ret_id, err), err);
	isms_ctx_set_actor(ctx, actor);
	free(actor);
	return rc;
}
