package cli

import (
	"fmt"
	"path/filepath"

	"github.com/prakat/prakat/internal/campaign"
	"github.com/prakat/prakat/internal/email"
	"github.com/prakat/prakat/internal/example"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/templates"
	"github.com/spf13/cobra"
)

type initOptions struct {
	Dir         string
	SurveyURL   string
	ShortBase   string
	Mode        string
	Title       string
	Province    string
	ClosingDate string
	// The department's letter the province forwards, which its circular
	// cites: set in the new letters.yaml.
	DepartmentNumber string
	DepartmentDate   string
}

func newInitCmd(e *env) *cobra.Command {
	var o initOptions
	cmd := &cobra.Command{
		Use:   "init DIR --survey-url URL [--short-base URL] [--mode redirect|direct]",
		Short: "Create a campaign folder",
		Long: `Creates DIR with campaign.yaml (every setting commented in Thai and English),
an example unit list (the 38 units of Samut Sakhon, from the DLA register) and a
secret for the tokens (readable by you only). Keep a copy of the secret.

The mode is redirect when --short-base is given (short links to prakat serve,
which counts scans), direct otherwise (the survey link filled in per unit).
An existing campaign, or any non-empty folder, is refused and left untouched.`,
		Args: oneArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Dir = args[0]
			return initRun(e, &o)
		},
	}
	cmd.Flags().StringVar(&o.SurveyURL, "survey-url", "", "the survey's address (may hold {code} {token} {name} {district} {type})")
	cmd.Flags().StringVar(&o.ShortBase, "short-base", "", "the address prakat serve answers at, for redirect mode")
	cmd.Flags().StringVar(&o.Mode, "mode", "", "redirect or direct (default: redirect with --short-base, else direct)")
	cmd.Flags().StringVar(&o.Title, "title", "", "the campaign's title (default: the DLA satisfaction survey)")
	cmd.Flags().StringVar(&o.Province, "province", "", "the province to take from the unit list")
	cmd.Flags().StringVar(&o.ClosingDate, "closing-date", "", "the survey's closing date, YYYY-MM-DD")
	cmd.Flags().StringVar(&o.DepartmentNumber, "department-number", "", "the number of the department's letter the circular forwards, e.g. \"มท ๐๘๑๐.๗/ว ๒๕๒๒\"")
	cmd.Flags().StringVar(&o.DepartmentDate, "department-date", "", "the date of the department's letter, YYYY-MM-DD")
	return cmd
}

func initRun(e *env, o *initOptions) error {
	if o.SurveyURL == "" {
		return usagef("init needs --survey-url URL")
	}
	switch o.Mode {
	case "":
		o.Mode = campaign.ModeDirect
		if o.ShortBase != "" {
			o.Mode = campaign.ModeRedirect
		}
	case campaign.ModeRedirect, campaign.ModeDirect:
	default:
		return usagef("--mode %q: want redirect or direct", o.Mode)
	}
	if o.Mode == campaign.ModeRedirect && o.ShortBase == "" {
		return usagef("--mode redirect needs --short-base URL, the address prakat serve answers at")
	}
	letters := map[string]string{}
	if o.DepartmentNumber != "" {
		letters["department.number"] = o.DepartmentNumber
	}
	if o.DepartmentDate != "" {
		letters["department.date"] = o.DepartmentDate
	}
	contacts, err := initContacts(o.Province)
	if err != nil {
		return err
	}
	err = campaign.Scaffold(o.Dir, campaign.ScaffoldOptions{
		Letters: letters, Contacts: contacts,
		Title: o.Title, SurveyURL: o.SurveyURL, ShortBase: o.ShortBase, Mode: o.Mode,
		Province: o.Province, ClosingDate: o.ClosingDate,
		Units: example.Units, UnitsName: example.UnitsName,
		Source: example.Provenance, SourceName: example.ProvenanceName,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Out, e.p.Sprintf("created the campaign %s (mode %s)", o.Dir, o.Mode))
	// What generate will ask for, asked now.
	if o.ClosingDate == "" {
		fmt.Fprintln(e.Err, e.p.Sprintf("warning: no closing date: set closing_date in %s before prakat generate", filepath.Join(o.Dir, campaign.FileName)))
	}
	if o.DepartmentNumber == "" || o.DepartmentDate == "" {
		fmt.Fprintln(e.Err, e.p.Sprintf("warning: the circular cites the department's letter: fill department: number and date in %s before prakat generate", filepath.Join(o.Dir, templates.Letters)))
	}
	fmt.Fprintln(e.Out, e.p.Sprintf("next: put your unit list in %s, then run: prakat generate --config %s --out OUT",
		filepath.Join(o.Dir, example.UnitsName), filepath.Join(o.Dir, campaign.FileName)))
	return nil
}

// initContacts is the new campaign's contacts.csv: every recipient of the
// example list (of the province asked for), no address filled in yet.
func initContacts(province string) ([]byte, error) {
	var opt roster.Options
	if province != "" {
		p, ok := roster.LookupProvince(province)
		if !ok {
			return nil, usagef("unknown province %q: give its Thai name (สมุทรสาคร) or its two-digit code (74)", province)
		}
		opt.Province = &p
	}
	list, err := roster.Read(example.UnitsName, example.Units, opt)
	if err != nil {
		// A province the example list does not hold: generate writes the
		// recipients once the province's own list is in place.
		return email.ContactsFile(nil, nil), nil
	}
	rs, err := mailRecipients(&campaign.Campaign{}, list.Units)
	if err != nil {
		return nil, err
	}
	return email.ContactsFile(nil, rs), nil
}
