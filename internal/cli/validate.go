package cli

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/prakat/prakat/internal/campaign"
	"github.com/prakat/prakat/internal/roster"
	"github.com/spf13/cobra"
)

type validateOptions struct {
	unitFlags
}

func newValidateCmd(e *env) *cobra.Command {
	var o validateOptions
	cmd := &cobra.Command{
		Use:   "validate --units FILE [--province P]",
		Short: "Check a unit list and summarise it by type and district",
		Long: `Reads a unit list as every other command would and either summarises it
(units by type and by district; exit 0) or lists every problem found as
FILE:ROW: column "X": what is wrong, with a hint where one helps (exit 1).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return validateRun(e, &o) },
	}
	o.register(cmd, true)
	return cmd
}

func validateRun(e *env, o *validateOptions) error {
	if o.Units == "" {
		return usagef("validate needs --units FILE")
	}
	list, path, err := o.load(e, nil)
	if err != nil {
		return err
	}
	// Names the built-in fonts cannot draw would stop generate: said now.
	fs, err := loadFonts(&campaign.Campaign{})
	if err != nil {
		return err
	}
	missing := func(s string) string {
		m := fs.Regular.Missing(s)
		for _, r := range fs.Bold.Missing(s) {
			if !slices.Contains(m, r) {
				m = append(m, r)
			}
		}
		return string(m)
	}
	if ps := roster.CheckDrawable(path, list.Units, missing); ps != nil {
		return ps
	}
	p := e.p
	districts := roster.Districts(list.Units)
	fmt.Fprintln(e.Out, p.Sprintf("%s: %d units in %d districts (%s)", filepath.Base(path), len(list.Units), len(districts), list.Format))
	// Counts first: Thai marks have no width, so names cannot be padded
	// into columns by counting characters.
	fmt.Fprintln(e.Out, p.Sprintf("by type:"))
	count := map[roster.Type]int{}
	for _, u := range list.Units {
		count[u.Type]++
	}
	for _, t := range roster.Types {
		if count[t] > 0 {
			fmt.Fprintf(e.Out, "%7d  %s\n", count[t], t)
		}
	}
	fmt.Fprintln(e.Out, p.Sprintf("by district:"))
	for _, d := range districts {
		fmt.Fprintf(e.Out, "%7d  %s\n", len(d.Units), d.Name)
	}
	return nil
}
