# gen-assets.awk - a synthetic asset inventory in the import format (CSV, UTF-8 with BOM).
# usage: awk -v n=100000 [-v seed=1] -f gen-assets.awk > assets.csv
# Japanese names and owners, every type, C/I/A 1-3 with reasons, 20 groups,
# and a dependency for one asset in ten (on an earlier asset, so no cycles).
BEGIN {
	if (n == "") n = 100000
	srand(seed == "" ? 1 : seed)
	split("情報,ソフトウェア,ハードウェア,サービス,人,施設,無形資産", types, ",")
	split("顧客台帳,人事ファイル,見積書,設計書,ファイルサーバ,業務PC,基幹システム,会計ソフト,クラウドストレージ,本社ビル", names, ",")
	split("情報システム部長,人事部長,営業部長,総務部長,経理部長", owners, ",")
	split("本社サーバ室,本社3F書庫,データセンターA,クラウド,支店", places, ",")
	printf "\xef\xbb\xbf資産ID,資産名,種別,管理責任者,保管場所,グループ,機密性,完全性,可用性,説明,機密性の理由,完全性の理由,可用性の理由,分類,依存先\r\n"
	for (k = 1; k <= n; k++) {
		t = types[1 + int(rand() * 7)]
		dep = (k > 10 && k % 10 == 0) ? sprintf("A-%06d", 1 + int(rand() * (k - 1))) : ""
		printf "A-%06d,%s %d,%s,%s,%s,G%02d,%d,%d,%d,\"%s, 説明 %d\",取引先の情報を含む,改ざんで業務が止まる,半日止まると困る,社外秘,%s\r\n",
			k, names[1 + int(rand() * 10)], k, t, owners[1 + int(rand() * 5)],
			places[1 + int(rand() * 5)], int(rand() * 20), 1 + int(rand() * 3),
			1 + int(rand() * 3), 1 + int(rand() * 3), "資産の説明", k, dep
	}
}
