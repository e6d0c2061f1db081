package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/prakat/prakat/internal/fsatomic"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/report"
	"github.com/prakat/prakat/internal/tracking"
	"github.com/spf13/cobra"
)

type reportOptions struct {
	campaignFlags
	DB        string
	Out       string
	Responses string
}

func newReportCmd(e *env) *cobra.Command {
	var o reportOptions
	cmd := &cobra.Command{
		Use:   "report --config DIR/campaign.yaml --db FILE|postgres://… --out DIR [--units FILE] [--province P] [--responses FILE]",
		Short: "Report which units and districts reach citizens, and which need a reminder",
		Long: `Reads the scans prakat serve recorded (the SQLite file or the PostgreSQL
database --db names, read-only: a report can run beside the server) and
writes, for every unit of the list:
scans by people, estimated visitors, first and last scan, and per district the
same summed with the share of its units scanned at least once. Units never
scanned are marked for follow-up.

--responses takes the survey platform's export (Google Forms or LimeSurvey CSV,
or XLSX) with a column holding the unit's code or name, in any form a unit list
may hold it (อบต.บ้านแพ้ว, or a bare name beside a district column): responses
are counted per unit and district, and per scan. Responses that name no unit,
or a name several units share, are counted on the console and listed.

  DIR/report.csv                 code,name,district,scans,… (UTF-8 with BOM)
  DIR/report.xlsx                the same, with a sheet of districts
  DIR/report.html                one page in Thai, with a chart of districts; opens offline
  DIR/unmatched-responses.csv    the responses matched to no unit, and why

In Thai (--lang th or a Thai locale) the CSV and the workbook have Thai
headers, and dates as the campaign writes them (Buddhist era, Thai digits).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return reportRun(cmd.Context(), e, &o) },
	}
	cmd.Flags().StringVar(&o.DB, "db", "", "the SQLite file or postgres:// URL prakat serve writes to")
	cmd.Flags().StringVar(&o.Out, "out", "", "the folder to write the report in")
	cmd.Flags().StringVar(&o.Responses, "responses", "", "the survey's response export, to count responses per unit")
	o.campaignFlags.register(cmd)
	return cmd
}

func reportRun(ctx context.Context, e *env, o *reportOptions) error {
	if o.Config == "" || o.DB == "" || o.Out == "" {
		return usagef("report needs --config DIR/campaign.yaml, --db FILE and --out DIR")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	c, list, err := o.open(e)
	if err != nil {
		return err
	}
	store, err := openStoreReadOnly(ctx, o.DB)
	if errors.Is(err, tracking.ErrNotStore) {
		return messages.Errorf(redactURL(o.DB), "no scan database here").WithHint("give --db the file prakat serve writes")
	}
	if err != nil {
		return err
	}
	defer store.Close()
	counts, err := store.Stats(ctx)
	if err != nil {
		return err
	}
	var responses *report.Responses
	var counted map[string]int
	if o.Responses != "" {
		data, err := os.ReadFile(o.Responses)
		if err != nil {
			return err
		}
		if responses, err = report.ReadResponses(o.Responses, data, list.Units); err != nil {
			return err
		}
		counted = responses.Counts
	}
	r := report.Build(c.Title, list.Units, counts, counted, e.Now())
	r.Printer = e.p
	r.Dates = c.DateStyle()
	files := map[string]func(*bytes.Buffer) error{
		"report.csv":  func(b *bytes.Buffer) error { return r.WriteCSV(b) },
		"report.xlsx": func(b *bytes.Buffer) error { return r.WriteXLSX(b) },
		"report.html": func(b *bytes.Buffer) error { return r.WriteHTML(b) },
	}
	unmatchedPath := filepath.Join(o.Out, report.UnmatchedFile)
	if responses != nil && len(responses.Unmatched) > 0 {
		r.Unmatched = len(responses.Unmatched)
		files[report.UnmatchedFile] = func(b *bytes.Buffer) error { return responses.WriteUnmatchedCSV(b, e.p) }
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return err
	}
	for name, write := range files {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			return err
		}
		if err := fsatomic.WriteFile(filepath.Join(o.Out, name), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	if r.Unmatched == 0 {
		// A list left by an earlier run would speak of responses since matched.
		if err := os.Remove(unmatchedPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	} else {
		fmt.Fprintln(e.Err, e.p.Sprintf("warning: %d responses name no unit of the list; they are listed in %s", r.Unmatched, unmatchedPath))
	}
	t := r.Totals()
	fmt.Fprintln(e.Out, e.p.Sprintf("%d of %d units scanned (%d scans); %d need a reminder; the report is in %s",
		t.Reached, t.Units, t.Scans, t.Units-t.Reached, o.Out))
	return nil
}
