package letter

import (
	"maps"
	"strconv"
	"time"

	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/internal/thai"
)

// Values fill the placeholders common to every letter of a run.
type Values struct {
	Title     string
	SurveyURL string
	Closing   string // formatted
	Today     time.Time
	Style     thai.DateStyle
}

// Letter is one letter's text, part by part, in the regulation's order.
type Letter struct {
	Number      string   // after ที่: the office's code, ว for a circular, the running number or room for it
	Office      []string // the issuing office, then its address
	Date        string   // the day blank for the registry unless the template dates the letter
	Subject     string
	To          []string // after เรียน: the parts, each kept whole on a line, joined by spaces
	References  []string // อ้างถึง
	Attachments []string // สิ่งที่ส่งมาด้วย
	Body        []string // paragraphs
	Closing     string
	Signer      string // empty leaves the brackets to write in
	Position    string
	ActingFor   []string
	Section     string
	Phone       string
	Fax         string
	Email       string
	// List, when set, is the list of recipients attached after the letter,
	// on pages of its own.
	List *List
	// Names are the province, district and unit names the letter speaks
	// of, each kept whole on a line wherever it stands.
	Names []string
}

// List is a list of recipients attached to a letter.
type List struct {
	Title string // บัญชีรายชื่อแนบท้ายหนังสือจังหวัด… ที่ … ลงวันที่ …
	Items []string
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
	// Waiting is set when the district letters cite the province's letter
	// and its number or date is not yet filled in: they are not made.
	Waiting bool
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

// Build makes the letters for the districts of one province: the
// province writes to each district chief and to the units it supervises
// directly (อบจ., เทศบาลนคร, เทศบาลเมือง, เมืองพัทยา); each district forwards
// to its เทศบาลตำบล and อบต.
//
// A placeholder without a value is a *placeholder.MissingError: the
// province's wording cannot name {district} or {count}, and no letter is
// sent with a blank where the closing date should be.
func (t *Template) Build(province string, districts []roster.District, v Values) (*Chain, error) {
	b := &builder{t: t, v: v, w: t.Words}
	abbr := ""
	if p, ok := roster.LookupProvince(province); ok {
		abbr = p.Abbr
	}
	b.base = placeholder.Values{"province": province, "province_abbr": abbr, "title": v.Title,
		"survey_url": v.SurveyURL, "closing_date": v.Closing, "department": t.Department.Name}
	if d := t.Department; d.Number != "" && d.Date != "" {
		b.base["department_letter"] = b.citation(d.Name, d.Number, d.Date)
	}
	c := &Chain{Province: province}

	// The province writes to every district chief and every unit it
	// supervises directly; the collective letter groups them.
	var heads, to []string
	for _, d := range districts {
		head, err := b.fill(t.Words.DistrictHead, placeholder.Values{"district": d.Name, "province": province})
		if err != nil {
			return nil, err
		}
		heads = append(heads, head)
	}
	grouped := false
	switch {
	case len(heads) > 1:
		to, grouped = append(to, t.Words.AllDistricts), true
	case len(heads) == 1:
		to = append(to, heads[0])
	}
	list := append([]string{}, heads...)
	var direct []roster.Unit
	for _, d := range districts {
		for _, u := range d.Units {
			if !u.Type.ForwardedByDistrict() {
				direct = append(direct, u)
				list = append(list, u.Head())
			}
		}
	}
	parts, g := b.group(direct)
	to, grouped = append(to, parts...), grouped || g

	sender, err := b.fill(t.Words.ProvinceName, b.base)
	if err != nil {
		return nil, err
	}
	p := t.Province
	if c.Circular, err = b.letter(p, b.base, and(to, t.Words.And)); err != nil {
		return nil, err
	}
	if grouped {
		c.Circular.List = b.list(sender, c.Circular, list)
	}
	for _, r := range list {
		lt, err := b.letter(p, b.base, []string{r})
		if err != nil {
			return nil, err
		}
		c.Copies = append(c.Copies, Copy{Recipient: r, Letter: lt})
	}

	// Each district forwards to its subdistrict units, citing the
	// province's letter once the province has sent it.
	if p.Number != "" && p.Sent != "" {
		b.base["province_letter"] = b.citation(sender, b.number(p.Code, p.Number, b.base), p.Sent)
	} else if t.District.uses("province_letter") {
		c.Waiting = true
		return c, nil
	}
	for _, d := range districts {
		var units []roster.Unit
		for _, u := range d.Units {
			if u.Type.ForwardedByDistrict() {
				units = append(units, u)
			}
		}
		if len(units) == 0 {
			continue
		}
		vals := placeholder.Values{"district": d.Name, "count": v.Style.Number(strconv.Itoa(len(units)))}
		maps.Copy(vals, b.base)
		ds := t.District
		if code, ok := ds.Codes[d.Name]; ok {
			ds.Code = code
		}
		var names []string
		for _, u := range units {
			names = append(names, u.Head())
		}
		to, grouped := names, false
		if len(units) > t.NameUpTo {
			to, grouped = b.groupTypes(units), true
		}
		lt, err := b.letter(ds, vals, and(to, t.Words.And))
		if err != nil {
			return nil, err
		}
		if grouped {
			sender, err := b.fill(t.Words.DistrictName, vals)
			if err != nil {
				return nil, err
			}
			lt.List = b.list(sender, lt, names)
		}
		c.Forwards = append(c.Forwards, Forward{District: d, Recipients: units, Letter: lt})
	}
	return c, nil
}

// builder holds what the letters of one province share.
type builder struct {
	t    *Template
	w    Words
	v    Values
	base placeholder.Values
}

// group writes the province's direct units for เรียน: each type named
// unit by unit up to NameUpTo, and as "นายกเทศมนตรีเมือง ทุกแห่ง" beyond.
func (b *builder) group(units []roster.Unit) (parts []string, grouped bool) {
	for _, typ := range roster.Types {
		var of []roster.Unit
		for _, u := range units {
			if u.Type == typ {
				of = append(of, u)
			}
		}
		switch {
		case len(of) == 0:
		case len(of) > b.t.NameUpTo:
			parts, grouped = append(parts, typ.HeadTitle()+" "+b.w.Every), true
		default:
			for _, u := range of {
				parts = append(parts, u.Head())
			}
		}
	}
	return parts, grouped
}

// groupTypes addresses a district's units by their kinds:
// "นายกเทศมนตรีตำบล และนายกองค์การบริหารส่วนตำบล ทุกแห่ง".
func (b *builder) groupTypes(units []roster.Unit) []string {
	var parts []string
	for _, typ := range roster.Types {
		for _, u := range units {
			if u.Type == typ {
				parts = append(parts, typ.HeadTitle())
				break
			}
		}
	}
	parts[len(parts)-1] += " " + b.w.Every
	return parts
}

// and puts the word "และ" before the last of several parts.
func and(parts []string, word string) []string {
	if len(parts) < 2 {
		return parts
	}
	out := append([]string{}, parts...)
	out[len(out)-1] = word + out[len(out)-1]
	return out
}

// citation names a letter as another cites it: หนังสือจังหวัดสมุทรสาคร
// ที่ สค ๐๐๒๓.๓/ว ๑๕๖๓๓ ลงวันที่ ๑๒ พฤศจิกายน ๒๕๖๔.
func (b *builder) citation(sender, number, date string) string {
	d, _ := time.Parse(time.DateOnly, date) // checked by ParseTemplate
	return b.w.LetterOf + sender + " " + b.w.Number + " " + b.v.Style.Number(number) + " " + b.w.Dated + " " + b.v.Style.Date(d)
}

// number writes what follows ที่: the office's code, ว for a circular, and
// the running number when there is one.
func (b *builder) number(code, running string, vals placeholder.Values) string {
	c, _ := b.fill(code, vals)
	n := c + "/" + b.w.Circular
	if running != "" {
		n += " " + running
	}
	return b.v.Style.Number(n)
}

// date is the letter's date: the day s sent it, once it has; as the
// template sets it; or this month with room for the day.
func (b *builder) date(s Sender) string {
	if s.Sent != "" {
		d, _ := time.Parse(time.DateOnly, s.Sent) // checked by ParseTemplate
		return b.v.Style.Date(d)
	}
	if b.t.Date != "" {
		d, _ := time.Parse(time.DateOnly, b.t.Date)
		return b.v.Style.Date(d)
	}
	return "      " + b.v.Style.MonthYear(b.v.Today)
}

// list is the list of recipients attached to lt, headed with the letter it
// belongs to.
func (b *builder) list(sender string, lt *Letter, names []string) *List {
	title := b.w.ListTitle + b.w.LetterOf + sender + " " + b.w.Number + " " + lt.Number + " " + b.w.Dated + " " + lt.Date
	return &List{Title: title, Items: names}
}

// fill substitutes a line of wording; an optional value left empty leaves
// the line out ("").
func (b *builder) fill(s string, vals placeholder.Values) (string, error) {
	f, err := placeholder.Fill(s, vals, nil)
	if err != nil || f.Empty {
		return "", err
	}
	return f.Text, nil
}

// uses reports whether any wording of the sender names the placeholder.
func (s Sender) uses(name string) bool {
	for _, list := range [][]string{{s.Code, s.Office, s.Signer, s.Position, s.Section}, s.Address, s.References, s.Attachments, s.Body, s.ActingFor} {
		for _, x := range list {
			for _, p := range placeholder.Used(x) {
				if p == name {
					return true
				}
			}
		}
	}
	return false
}

func (b *builder) letter(s Sender, vals placeholder.Values, to []string) (*Letter, error) {
	var firstErr error
	one := func(x string) string {
		y, err := b.fill(x, vals)
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
	subject := b.t.Subject
	if subject == "" {
		subject = b.t.Department.Subject
	}
	st := b.v.Style
	var names []string
	for _, k := range []string{"province", "district"} {
		if v := vals[k]; v != "" {
			names = append(names, v)
		}
	}
	lt := &Letter{
		Names:       names,
		Number:      b.number(s.Code, s.Number, vals),
		Office:      append([]string{one(s.Office)}, all(s.Address)...),
		Date:        b.date(s),
		Subject:     one(subject),
		To:          to,
		References:  all(s.References),
		Attachments: all(s.Attachments),
		Body:        all(s.Body),
		Closing:     b.w.Closing,
		Signer:      one(s.Signer),
		Position:    one(s.Position),
		ActingFor:   all(s.ActingFor),
		Section:     one(s.Section),
		Phone:       st.Number(one(s.Phone)),
		Fax:         st.Number(one(s.Fax)),
		Email:       one(s.Email),
	}
	return lt, firstErr
}

// DistrictHead is the title of a district's chief as the letters address
// him: นายอำเภอบ้านแพ้ว.
func (t *Template) DistrictHead(province, district string) (string, error) {
	f, err := placeholder.Fill(t.Words.DistrictHead, placeholder.Values{"district": district, "province": province}, nil)
	return f.Text, err
}
