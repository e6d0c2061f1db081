package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/prakat/prakat/internal/campaign"
	"github.com/prakat/prakat/internal/example"
	"github.com/spf13/cobra"
)

type demoOptions struct {
	Out string
}

// The demo campaign's addresses: reserved example names, not real services.
const (
	demoSurveyURL = "https://survey.example.go.th/satisfaction"
	demoShortBase = "https://s.example.go.th"
)

func newDemoCmd(e *env) *cobra.Command {
	var o demoOptions
	cmd := &cobra.Command{
		Use:   "demo [--out DIR]",
		Short: "Run the whole job on the embedded Samut Sakhon example",
		Long: `Creates a campaign for the 38 units of Samut Sakhon in DIR/campaign (or reuses
the one a previous demo made, so its links stay the same), issues every unit its
tracked link and writes them to DIR/links.csv. No files are needed.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return demoRun(e, &o) },
	}
	cmd.Flags().StringVar(&o.Out, "out", "prakat-demo", "the folder to work in")
	return cmd
}

func demoRun(e *env, o *demoOptions) error {
	dir := filepath.Join(o.Out, "campaign")
	if _, err := os.Stat(filepath.Join(dir, campaign.FileName)); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(o.Out, 0o755); err != nil {
			return err
		}
		err := campaign.Scaffold(dir, campaign.ScaffoldOptions{
			SurveyURL: demoSurveyURL, ShortBase: demoShortBase, Mode: campaign.ModeRedirect,
			Units: example.Units, UnitsName: example.UnitsName,
		})
		if err != nil {
			return err
		}
	}
	lo := linksOptions{Config: dir, Out: filepath.Join(o.Out, "links.csv")}
	if err := linksRun(e, &lo); err != nil {
		return err
	}
	fmt.Fprintln(e.Out, e.p.Sprintf("demo: the campaign is in %s; the links of its units are in %s", dir, lo.Out))
	return nil
}
