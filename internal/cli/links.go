package cli

import (
	"bytes"
	"fmt"
	"io"

	"github.com/prakat/prakat/internal/campaign"
	"github.com/prakat/prakat/internal/excelcsv"
	"github.com/prakat/prakat/internal/fsatomic"
	"github.com/prakat/prakat/internal/links"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/roster"
	"github.com/spf13/cobra"
)

type linksOptions struct {
	campaignFlags
	Out string
}

func newLinksCmd(e *env) *cobra.Command {
	var o linksOptions
	cmd := &cobra.Command{
		Use:   "links --config DIR/campaign.yaml [--units FILE] [--province P] [--out FILE]",
		Short: "Issue each unit its token and link, and list them as CSV",
		Long: `Gives every unit of the list its token and tracked link and prints them as
CSV (code,type,name,district,token,link; UTF-8 with BOM for Excel).

Links are recorded in the campaign's ledger, which only grows: a link once
issued never changes for its unit, whatever later lists add, drop or reorder.
A refused unit list changes nothing on disk.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return linksRun(e, &o) },
	}
	cmd.Flags().StringVarP(&o.Out, "out", "o", "", "write the CSV to this file instead of standard output")
	o.campaignFlags.register(cmd)
	return cmd
}

func linksRun(e *env, o *linksOptions) error {
	if o.Config == "" {
		return usagef("links needs --config DIR/campaign.yaml")
	}
	c, list, err := o.open(e)
	if err != nil {
		return err
	}
	as, err := issue(e, c, list.Units)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeLinksCSV(&buf, as); err != nil {
		return err
	}
	if o.Out != "" {
		return fsatomic.WriteFile(o.Out, buf.Bytes(), 0o644)
	}
	_, err = e.Out.Write(buf.Bytes())
	return err
}

// issue gives units their links through the campaign's ledger, saving what
// is new. It warns when the campaign's settings now give other links than
// the ones already issued: those stay as printed.
func issue(e *env, c *campaign.Campaign, units []roster.Unit) ([]links.Assignment, error) {
	secret, err := c.Secret()
	if err != nil {
		return nil, err
	}
	is := &links.Issuer{Secret: secret, Redirect: c.Mode == campaign.ModeRedirect, ShortBase: c.ShortBase, SurveyURL: c.SurveyURL}
	if is.Redirect && !qr.Alphanumeric(links.ShortLink(c.ShortBase, "X")) {
		fmt.Fprintln(e.Err, e.p.Sprintf("warning: short_base %q has characters outside the QR alphanumeric set; QR codes will be larger", c.ShortBase))
	}
	l, err := links.Open(c.Path(c.Ledger))
	if err != nil {
		return nil, err
	}
	defer l.Close()
	as := l.Issue(units, is, e.Now())
	drift := 0
	for _, a := range as {
		if a.Now != "" {
			drift++
		}
	}
	if drift > 0 {
		fmt.Fprintln(e.Err, e.p.Sprintf("warning: the campaign now gives %d units other links than the ones issued; the issued links are kept, as posters may be printed", drift))
	}
	if err := l.Save(); err != nil {
		return nil, err
	}
	return as, nil
}

func writeLinksCSV(w io.Writer, as []links.Assignment) error {
	cw := excelcsv.NewWriter(w)
	cw.Write([]string{"code", "type", "name", "district", "token", "link"})
	for _, a := range as {
		cw.Write([]string{a.Unit.Code, a.Unit.Type.String(), a.Unit.Name, a.Unit.District, a.Token, a.Link})
	}
	return cw.Flush()
}
