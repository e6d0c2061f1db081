package cli

import (
	"fmt"

	"github.com/prakat/prakat/internal/campaign"
	"github.com/prakat/prakat/internal/roster"
	"github.com/spf13/cobra"
)

// unitFlags are the flags of every command that reads a unit list.
type unitFlags struct {
	Units    string
	Province string
	Sheet    string
}

func (f *unitFlags) register(cmd *cobra.Command, required bool) {
	help := "the unit list: CSV (UTF-8 or Windows-874) or XLSX"
	if !required {
		help += " (default: the campaign's units)"
	}
	cmd.Flags().StringVar(&f.Units, "units", "", help)
	cmd.Flags().StringVar(&f.Province, "province", "", "keep one province: its Thai name or 2-digit code")
	cmd.Flags().StringVar(&f.Sheet, "sheet", "", "the worksheet of an XLSX file (default: the first)")
}

// load reads the unit list named by the flags, falling back to the
// campaign's settings. Warnings go to stderr; a refused list is an error.
func (f *unitFlags) load(e *env, c *campaign.Campaign) (*roster.List, string, error) {
	path, prov := f.Units, f.Province
	if c != nil {
		if path == "" {
			path = c.Path(c.Units)
		}
		if prov == "" {
			prov = c.Province
		}
	}
	if path == "" {
		return nil, "", usagef("no unit list: give --units FILE")
	}
	var opt roster.Options
	opt.Sheet = f.Sheet
	if prov != "" {
		p, ok := roster.LookupProvince(prov)
		if !ok {
			return nil, "", usagef("unknown province %q: give its Thai name (สมุทรสาคร) or its two-digit code (74)", prov)
		}
		opt.Province = &p
	}
	list, err := roster.ReadFile(path, opt)
	if err != nil {
		return nil, "", err
	}
	for _, w := range list.Warnings {
		fmt.Fprintln(e.Err, w.Render(e.p))
	}
	return list, path, nil
}

// campaignFlags are the flags of the commands that work on a campaign and
// its unit list.
type campaignFlags struct {
	unitFlags
	Config string
	path   string // the unit list open read, for messages
}

func (f *campaignFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.Config, "config", "", "the campaign: DIR/campaign.yaml or DIR")
	f.unitFlags.register(cmd, false)
}

// open loads the campaign and reads its unit list (or the one --units names).
func (f *campaignFlags) open(e *env) (*campaign.Campaign, *roster.List, error) {
	c, err := campaign.Load(f.Config)
	if err != nil {
		return nil, nil, err
	}
	list, path, err := f.load(e, c)
	if err != nil {
		return nil, nil, err
	}
	f.path = path
	return c, list, nil
}
