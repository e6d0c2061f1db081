package messages

import (
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/message/catalog"
)

// englishPlurals holds the English of the messages whose counts change a
// word: "1 district", "2 districts". Thai has no plural; its entry in th.go
// serves every count. Each case names the argument (1-based) it counts.
var englishPlurals = map[string][]catalog.Message{
	"%s: %d units in %d districts (%s)": {
		catalog.Var("units", plural.Selectf(2, "%d", "=1", "unit", "other", "units")),
		catalog.Var("districts", plural.Selectf(3, "%d", "=1", "district", "other", "districts")),
		catalog.String("%[1]s: %[2]d ${units} in %[3]d ${districts} (%[4]s)"),
	},
	"%d of %d units scanned (%d scans); %d need a reminder; the report is in %s": {
		catalog.Var("units", plural.Selectf(2, "%d", "=1", "unit", "other", "units")),
		catalog.Var("scans", plural.Selectf(3, "%d", "=1", "scan", "other", "scans")),
		catalog.Var("need", plural.Selectf(4, "%d", "=1", "needs", "other", "need")),
		catalog.String("%[1]d of %[2]d ${units} scanned (%[3]d ${scans}); %[4]d ${need} a reminder; the report is in %[5]s"),
	},
	"%d posters for %d districts in %s (%.1f s, %d KB a poster)": {
		catalog.Var("posters", plural.Selectf(1, "%d", "=1", "poster", "other", "posters")),
		catalog.Var("districts", plural.Selectf(2, "%d", "=1", "district", "other", "districts")),
		catalog.String("%[1]d ${posters} for %[2]d ${districts} in %[3]s (%.1[4]f s, %[5]d KB a poster)"),
	},
	"stopped after %d problems": {
		plural.Selectf(1, "%d", "=1", "stopped after %d problem", "other", "stopped after %d problems"),
	},
	"serving %d links on %s://%s": {
		plural.Selectf(1, "%d", "=1", "serving %d link on %s://%s", "other", "serving %d links on %s://%s"),
	},
	"warning: the campaign now gives %d units other links than the ones issued; the issued links are kept, as posters may be printed": {
		plural.Selectf(1, "%d", "=1",
			"warning: the campaign now gives %d unit another link than the one issued; the issued link is kept, as its poster may be printed",
			"other", "warning: the campaign now gives %d units other links than the ones issued; the issued links are kept, as posters may be printed"),
	},
	"warning: %d responses name no unit of the list; they are listed in %s": {
		plural.Selectf(1, "%d", "=1",
			"warning: %d response names no unit of the list; it is listed in %s",
			"other", "warning: %d responses name no unit of the list; they are listed in %s"),
	},
}
