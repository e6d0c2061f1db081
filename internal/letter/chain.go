package letter

import (
	"strconv"

	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/thai"
)

// MaxNamed is how many recipients a เรียน line names; past it the line
// points to the list of recipients attached to the letter.
const MaxNamed = 10

// Values fill the placeholders common to every letter of a run.
type Values struct {
	Title      string
	SurveyURL  string
	Closing    string // formatted
	Date       string // formatted
	Style      thai.DateStyle
	PosterPath func(roster.Unit) string // where a unit's poster is, for the district's list
}

// Copy is the province's circular addressed to one of its recipients.
type Copy struct {
	Recipient string
	Letter    *Letter
}

// Forward is a district's letter to its subdistrict units.
type Forward struct {
	District   roster.District
	Recipients []roster.Unit
	Letter     *Letter
}

// Chain is every letter for one province's units.
type Chain struct {
	Province string
	Circular *Letter // to all the province's direct recipients, with their list
	Copies   []Copy  // the same, one for each recipient with its own เรียน line
	Forwards []Forward
}

// Build makes the letters for the districts of one province: the
// province writes to each district chief and to the units it supervises
// directly (อบจ., เทศบาลนคร, เทศบาลเมือง, เมืองพัทยา); each district forwards
// to its เทศบาลตำบล and อบต.
func (t *Template) Build(province string, districts []roster.District, v Values) *Chain {
	c := &Chain{Province: province}
	var direct []string
	for _, d := range districts {
		direct = append(direct, Fill(t.Words.DistrictHead, map[string]string{"district": d.Name, "province": province}))
	}
	for _, d := range districts {
		for _, u := range d.Units {
			if !u.Type.ForwardedByDistrict() {
				direct = append(direct, u.Head())
			}
		}
	}
	base := map[string]string{"province": province, "title": v.Title, "survey_url": v.SurveyURL, "closing_date": v.Closing}
	c.Circular = t.letter(t.Province, base, v, t.to(direct))
	c.Circular.ListTitle, c.Circular.List = Fill(t.ListTitle, base), direct
	for _, r := range direct {
		c.Copies = append(c.Copies, Copy{Recipient: r, Letter: t.letter(t.Province, base, v, []string{r})})
	}
	for _, d := range districts {
		var units []roster.Unit
		var names, list []string
		for _, u := range d.Units {
			if u.Type.ForwardedByDistrict() {
				units = append(units, u)
				names = append(names, u.Head())
				item := u.Head()
				if v.PosterPath != nil {
					item += " – " + v.PosterPath(u)
				}
				list = append(list, item)
			}
		}
		if len(units) == 0 {
			continue
		}
		vals := map[string]string{"district": d.Name, "count": v.Style.Number(strconv.Itoa(len(units)))}
		for k, x := range base {
			vals[k] = x
		}
		lt := t.letter(t.District, vals, v, t.to(names))
		lt.ListTitle, lt.List = Fill(t.ListTitle, vals), list
		c.Forwards = append(c.Forwards, Forward{District: d, Recipients: units, Letter: lt})
	}
	return c
}

// to writes a เรียน line: the recipients by name, or the pointer to their list.
func (t *Template) to(names []string) []string {
	if len(names) > MaxNamed {
		return []string{t.Many}
	}
	return names
}

func (t *Template) letter(s Sender, vals map[string]string, v Values, to []string) *Letter {
	fill := func(x string) string { return Fill(x, vals) }
	fillAll := func(xs []string) []string {
		var out []string
		for _, x := range xs {
			if y := fill(x); y != "" {
				out = append(out, y)
			}
		}
		return out
	}
	return &Letter{
		Number:      v.Style.Number(fill(s.Number)),
		Office:      append([]string{fill(s.Office)}, fillAll(s.Address)...),
		Date:        v.Date,
		Subject:     fill(t.Subject),
		To:          to,
		Reference:   fill(t.Reference),
		Attachments: fillAll(s.Attachments),
		Body:        fillAll(s.Body),
		Signer:      fill(s.Signer),
		Position:    fill(s.Position),
		ActingFor:   fillAll(s.ActingFor),
		Section:     fill(s.Section),
		Phone:       v.Style.Number(fill(s.Phone)),
		Fax:         v.Style.Number(fill(s.Fax)),
		Email:       fill(s.Email),
	}
}

// Letters returns every letter of the chain.
func (c *Chain) Letters() []*Letter {
	out := []*Letter{c.Circular}
	for _, cp := range c.Copies {
		out = append(out, cp.Letter)
	}
	for _, f := range c.Forwards {
		out = append(out, f.Letter)
	}
	return out
}
