/* preset.c - the built-in risk methods: "JIPDEC 3×3×3" (the default) and "ISO/IEC 27005 5×5". */
#include <string.h>
#include <strings.h>

#include "isms/scoring.h"

#define T(en, ja) { en, ja }

/* The asset scales both presets share: confidentiality with the labels
 * Japanese organisations commonly use, integrity and availability as
 * low, medium and high. All descriptions are our own words. */
static const struct score_level conf3[] = {
	{ T("Public", "公開"),
	  T("Can be disclosed to anyone without harm.", "誰に開示しても支障のない情報。") },
	{ T("Internal use only", "社内限り"),
	  T("For people inside the organisation; disclosure outside would cause limited harm.",
	    "組織内の者に限って利用する。組織外に漏れると一定の損害が生じる。") },
	{ T("Restricted to those concerned", "関係者限り"),
	  T("Only for the people whose work needs it; disclosure would cause serious harm.",
	    "業務上必要な関係者に限って利用する。漏えいすると重大な損害が生じる。") },
};

static const struct score_level integ3[] = {
	{ T("Low", "低"),
	  T("Errors or tampering would have little effect on the business.",
	    "誤りや改ざんがあっても業務への影響は小さい。") },
	{ T("Medium", "中"),
	  T("Errors or tampering would disturb the business.",
	    "誤りや改ざんがあると業務に支障が出る。") },
	{ T("High", "高"),
	  T("Errors or tampering would cause serious harm to customers or to trust in the organisation.",
	    "誤りや改ざんがあると、顧客や組織の信用に重大な損害が生じる。") },
};

static const struct score_level avail3[] = {
	{ T("Low", "低"),
	  T("Being unavailable for several days is acceptable.", "数日間利用できなくても許容できる。") },
	{ T("Medium", "中"),
	  T("Being unavailable for up to one working day is acceptable.",
	    "1営業日程度までの停止であれば許容できる。") },
	{ T("High", "高"),
	  T("Even a few hours of unavailability would cause serious harm.",
	    "数時間の停止でも重大な損害が生じる。") },
};

static const struct score_level threat3[] = {
	{ T("Low", "低"),
	  T("Unlikely to happen; it has hardly ever happened here or in similar organisations.",
	    "発生する可能性は低い。自組織や同業他社での発生はほとんどない。") },
	{ T("Medium", "中"),
	  T("Could happen; it happens from time to time.", "発生する可能性がある。時々発生している。") },
	{ T("High", "高"),
	  T("Likely to happen; it happens often.", "発生する可能性が高い。頻繁に発生している。") },
};

static const struct score_level vuln3[] = {
	{ T("Low", "低"),
	  T("Adequate controls are in place; the weakness is hard to exploit.",
	    "十分な対策が講じられており、つけ込まれにくい。") },
	{ T("Medium", "中"),
	  T("Some controls are in place, with gaps.", "対策はあるが、不十分な点がある。") },
	{ T("High", "高"),
	  T("Few or no controls; the weakness is easy to exploit.",
	    "対策がほとんどなく、容易につけ込まれる。") },
};

static const struct score_level likelihood5[] = {
	{ T("Rare", "ほとんどない"),
	  T("Not expected to happen in the next five years.", "今後5年間に発生するとは考えにくい。") },
	{ T("Unlikely", "起こりにくい"),
	  T("Could happen once in several years.", "数年に一度発生し得る。") },
	{ T("Possible", "起こり得る"),
	  T("Could happen about once a year.", "年に一度程度発生し得る。") },
	{ T("Likely", "起こりやすい"),
	  T("Expected to happen several times a year.", "年に数回発生すると見込まれる。") },
	{ T("Almost certain", "ほぼ確実"),
	  T("Expected to happen every month or more often.", "毎月またはそれ以上の頻度で発生すると見込まれる。") },
};

static const struct score_level impact5[] = {
	{ T("Negligible", "軽微"),
	  T("No noticeable effect on the business or on others.", "業務や関係者への目立った影響はない。") },
	{ T("Minor", "小"),
	  T("A limited, short effect, handled within normal work.",
	    "限定的かつ短期間の影響で、通常業務の範囲で対処できる。") },
	{ T("Moderate", "中"),
	  T("Noticeable damage or disruption; customers may be affected.",
	    "目に見える損害や業務の中断が生じ、顧客に影響が及ぶことがある。") },
	{ T("Major", "大"),
	  T("Serious damage, legal or contractual breaches, or a loss of trust.",
	    "重大な損害、法令や契約への違反、信用の失墜が生じる。") },
	{ T("Severe", "甚大"),
	  T("Threatens the continuation of the business.", "事業の継続が脅かされる。") },
};

static const struct score_rlevel jipdec_levels[] = {
	{ T("Low", "低"),
	  T("Within the acceptance criteria: the risk is retained and monitored.",
	    "リスク受容基準の範囲内。リスクを保有し、監視する。"), 1 },
	{ T("Medium", "中"),
	  T("Above the acceptance criteria: treat the risk by a planned date.",
	    "リスク受容基準を超える。期限を定めて対応する。"), 9 },
	{ T("High", "高"),
	  T("Well above the acceptance criteria: treat the risk first.",
	    "リスク受容基準を大きく超える。優先して対応する。"), 13 },
};

static const struct score_rlevel matrix_levels[] = {
	{ T("Low", "低"),
	  T("Acceptable: retain the risk and monitor it.", "受容可能。リスクを保有し、監視する。"), 1 },
	{ T("Medium", "中"),
	  T("Treat the risk within the plan period.", "計画期間内に対応する。"), 5 },
	{ T("High", "高"),
	  T("Treat the risk soon; management follows it.", "早期に対応し、経営陣が進捗を確認する。"), 10 },
	{ T("Very high", "極めて高い"),
	  T("Treat the risk at once; the activity may have to stop until then.",
	    "直ちに対応する。対応までの間、当該業務の停止も検討する。"), 20 },
};

static const struct score_text assurance = T(
	"Risk assessments are repeated at least once a year, and whenever the assets, the threats or "
	"the organisation change significantly, with this same method, so that their results are "
	"consistent, valid and comparable. Risk owners confirm the levels of their risks, and top "
	"management approves the residual risks.",
	"リスクアセスメントは、少なくとも年1回、及び資産・脅威・組織に大きな変化があったときに、"
	"この方法で繰り返し実施し、結果の一貫性、妥当性及び比較可能性を確保する。"
	"リスク所有者が自らのリスクの評価を確認し、トップマネジメントが残留リスクを承認する。");

static void set_scale(struct score_scale *s, const struct score_level *lv, int n)
{
	s->n = n;
	for (int k = 0; k < n; k++)
		s->lv[k] = lv[k];
}

static void common(struct score_method *m)
{
	set_scale(&m->asset[0], conf3, 3);
	set_scale(&m->asset[1], integ3, 3);
	set_scale(&m->asset[2], avail3, 3);
	m->approach = SCORE_APPROACH_DETAILED;
	m->detailed_above = 2;
	m->asset_mode = SCORE_AV_MAX;
	m->assurance = assurance;
}

static void jipdec(struct score_method *m)
{
	common(m);
	m->preset = "jipdec-3x3x3";
	m->name = (struct score_text)T("JIPDEC 3×3×3", "JIPDEC 3×3×3");
	m->formula = SCORE_FORMULA_AVT;
	set_scale(&m->threat, threat3, 3);
	set_scale(&m->vuln, vuln3, 3);
	m->nlevels = 3;
	memcpy(m->levels, jipdec_levels, sizeof(jipdec_levels));
	/* Values 1, 2, 3, 4, 6 and 8 are accepted; 9 and 12 are medium, 18
	 * and 27 high. */
	m->criterion = SCORE_CRIT_THRESHOLD;
	m->threshold = 8;
}

static void iso27005(struct score_method *m)
{
	common(m);
	m->preset = "iso27005-5x5";
	m->name = (struct score_text)T("ISO/IEC 27005 5×5", "ISO/IEC 27005 5×5");
	m->formula = SCORE_FORMULA_MATRIX;
	set_scale(&m->likelihood, likelihood5, 5);
	set_scale(&m->impact, impact5, 5);
	m->nlevels = 4;
	memcpy(m->levels, matrix_levels, sizeof(matrix_levels));
	/* Each cell's level follows the product: up to 4 low, 5 to 9
	 * medium, 10 to 16 high, 20 and 25 very high. */
	for (int l = 1; l <= 5; l++) {
		for (int i = 1; i <= 5; i++) {
			int p = l * i;

			m->cell[l - 1][i - 1] = p <= 4 ? 1 : p <= 9 ? 2 : p <= 16 ? 3 : 4;
		}
	}
	m->criterion = SCORE_CRIT_LEVELS;
	m->accept_levels = 1u << 0;
}

const char *const score_preset_names[] = { "jipdec-3x3x3", "iso27005-5x5", NULL };

const char *score_preset_title(const char *name)
{
	if (!strcmp(name, "jipdec-3x3x3"))
		return "JIPDEC 3×3×3";
	if (!strcmp(name, "iso27005-5x5"))
		return "ISO/IEC 27005 5×5";
	return name;
}

bool score_preset(const char *name, struct score_method *m)
{
	static const char *const jipdec_names[] = { "jipdec-3x3x3", "jipdec", "JIPDEC 3×3×3",
						     "jipdec-3x3", NULL };
	static const char *const iso_names[] = { "iso27005-5x5", "iso27005", "27005",
						  "ISO/IEC 27005 5×5", NULL };
	void (*build)(struct score_method *) = NULL;
	struct isms_err err;

	for (int k = 0; !build && jipdec_names[k]; k++)
		if (!strcasecmp(name, jipdec_names[k]))
			build = jipdec;
	for (int k = 0; !build && iso_names[k]; k++)
		if (!strcasecmp(name, iso_names[k]))
			build = iso27005;
	if (!build)
		return false;
	score_method_init(m);
	build(m);
	/* The presets are constant data checked by the tests; a failure is a
	 * programming error. */
	if (score_method_check(m, &err))
		return false;
	return true;
}
