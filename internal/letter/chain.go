package letter

import (
	"maps"
	"strconv"

	"github.com/prakat/prakat/internal/placeholder"

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
//
// A placeholder without a value is a *placeholder.MissingError: the
// province's wording cannot name {district} or {count}, and no letter is
// sent with a blank where the closing date should be.
func (t *Template) Build(province string, districts []roster.District, v Values) (*Chain, error) {
	c := &Chain{Province: province}
	var direct []string
	for _, d := range districts {
		head, err := fill(t.Words.DistrictHead, placeholder.Values{"district": d.Name, "province": province})
		if err != nil {
			return nil, err
		}
		direct = append(direct, head)
	}
	for _, d := range districts {
		for _, u := range d.Units {
			if !u.Type.ForwardedByDistrict() {
				direct = append(direct, u.Head())
			}
		}
	}
	base := placeholder.Values{"province": province, "title": v.Title, "survey_url": v.SurveyURL, "closing_date": v.Closing}
	var err error
	if c.Circular, err = t.letter(t.Province, base, v, t.to(direct)); err != nil {
		return nil, err
	}
	if c.Circular.ListTitle, err = fill(t.ListTitle, base); err != nil {
		return nil, err
	}
	c.Circular.List = direct
	for _, r := range direct {
		lt, err := t.letter(t.Province, base, v, []string{r})
		if err != nil {
			return nil, err
		}
		c.Copies = append(c.Copies, Copy{Recipient: r, Letter: lt})
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
		vals := placeholder.Values{"district": d.Name, "count": v.Style.Number(strconv.Itoa(len(units)))}
		maps.Copy(vals, base)
		lt, err := t.letter(t.District, vals, v, t.to(names))
		if err != nil {
			return nil, err
		}
		if lt.ListTitle, err = fill(t.ListTitle, vals); err != nil {
			return nil, err
		}
		lt.List = list
		c.Forwards = append(c.Forwards, Forward{District: d, Recipients: units, Letter: lt})
	}
	return c, nil
}

// fill substitutes a line of wording; an optional value left empty leaves
// the line out ("").
func fill(s string, vals placeholder.Values) (string, error) {
	f, err := placeholder.Fill(s, vals, nil)
	if err != nil || f.Empty {
		return "", err
	}
	return f.Text, nil
}

// to writes a เรียน line: the recipients by name, or the pointer to their list.
func (t *Template) to(names []string) []string {
	if len(names) > MaxNamed {
		return []string{t.Many}
	}
	return names
}

func (t *Template) letter(s Sender, vals placeholder.Values, v Values, to []string) (*Letter, error) {
	var firstErr error
	one := func(x string) string {
		y, err := fill(x, vals)
		if firstErr == nil {
			firstErr = err
		}
		return y
	}
	all := func(xs []string) []string {
		var out []string
		for _, x := range xs {
			if y := one(x); y != "" {
				out = append(out, y)
			}
		}
		return out
	}
	lt := &Letter{
		Number:      v.Style.Number(one(s.Number)),
		Office:      append([]string{one(s.Office)}, all(s.Address)...),
		Date:        v.Date,
		Subject:     one(t.Subject),
		To:          to,
		Reference:   one(t.Reference),
		Attachments: all(s.Attachments),
		Body:        all(s.Body),
		Signer:      one(s.Signer),
		Position:    one(s.Position),
		ActingFor:   all(s.ActingFor),
		Section:     one(s.Section),
		Phone:       v.Style.Number(one(s.Phone)),
		Fax:         v.Style.Number(one(s.Fax)),
		Email:       one(s.Email),
	}
	return lt, firstErr
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
