package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/prakat/prakat/internal/campaign"
	"github.com/prakat/prakat/internal/example"
	"github.com/spf13/cobra"
)

type demoOptions struct {
	Out   string
	Quiet bool
}

// The demo campaign's addresses: reserved example names, not real services.
const (
	demoSurveyURL = "https://survey.example.go.th/satisfaction"
	demoShortBase = "https://s.example.go.th"
	demoContact   = "สอบถามได้ที่ สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสมุทรสาคร"
)

func newDemoCmd(e *env) *cobra.Command {
	var o demoOptions
	cmd := &cobra.Command{
		Use:   "demo [--out DIR]",
		Short: "Run the whole job on the embedded Samut Sakhon example",
		Long: `Creates a campaign for the 38 units of Samut Sakhon in DIR/campaign (or reuses
the one a previous demo made, so its links stay the same) and generates
everything for it in DIR/output: each unit's poster and QR image, each
district's print file and the manifest. No files are needed.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return demoRun(cmd.Context(), e, &o) },
	}
	cmd.Flags().StringVar(&o.Out, "out", "prakat-demo", "the folder to work in")
	cmd.Flags().BoolVarP(&o.Quiet, "quiet", "q", false, "print nothing but errors")
	return cmd
}

func demoRun(ctx context.Context, e *env, o *demoOptions) error {
	dir := filepath.Join(o.Out, "campaign")
	if _, err := os.Stat(filepath.Join(dir, campaign.FileName)); errors.Is(err, fs.ErrNotExist) {
		err := campaign.Scaffold(dir, campaign.ScaffoldOptions{
			SurveyURL: demoSurveyURL, ShortBase: demoShortBase, Mode: campaign.ModeRedirect,
			ClosingDate: e.Now().AddDate(0, 0, 30).Format("2006-01-02"), Contact: demoContact,
			Units: example.Units, UnitsName: example.UnitsName,
			Source: example.Provenance, SourceName: example.ProvenanceName,
			Letters: demoLetters(e.Now()),
		})
		if err != nil {
			return err
		}
	}
	g := generateOptions{campaignFlags: campaignFlags{Config: dir}, Out: filepath.Join(o.Out, "output"), Quiet: o.Quiet}
	if err := generateRun(ctx, e, &g); err != nil {
		return err
	}
	if !o.Quiet {
		fmt.Fprintln(e.Out, e.p.Sprintf("demo: the campaign is in %s; posters, print files and the manifest in %s", dir, g.Out))
	}
	return nil
}

// demoLetters fills the demo's letters.yaml with the chain of the real case
// the demo follows: the department's letter the province forwards, and the
// province's own number, which the district letters cite. The dates fall
// before the run's, so the chain reads in order.
func demoLetters(now time.Time) map[string]string {
	return map[string]string{
		"department.number": "มท ๐๘๑๐.๗/ว ๒๕๒๒",
		"department.date":   now.AddDate(0, 0, -28).Format(time.DateOnly),
		"province.number":   "๑๕๖๓๓",
		"province.sent":     now.AddDate(0, 0, -14).Format(time.DateOnly),
		"province.phone":    "๐ ๓๔๘๑ ๐๙๒๗",
		"province.fax":      "๐ ๓๔๘๑ ๐๙๒๗",
		"province.email":    "saraban@samutsakhon.example.go.th",
	}
}
