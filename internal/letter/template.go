// Package letter sets the official letters that carry the request down the
// chain, in the form the Regulation on Official Correspondence
// (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ) sets out: the province's
// circular to its districts and directly supervised units, citing the
// department's letter, and each district's forwarding letter to its
// subdistrict units, citing the province's.
package letter

import (
	"errors"
	"fmt"
	"strings"

	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/thai"
	"github.com/prakat/prakat/internal/yamlfile"
)

// Template is letters.yaml: the layout, the chain of letters it cites, and
// the wording of each sender.
type Template struct {
	FontSize    float64    `yaml:"font_size"`
	LineSpacing float64    `yaml:"line_spacing"`
	MarginLeft  float64    `yaml:"margin_left"`
	MarginRight float64    `yaml:"margin_right"`
	Indent      float64    `yaml:"indent"`
	Garuda      string     `yaml:"garuda"`
	Date        string     `yaml:"date"`
	DocxFont    string     `yaml:"docx_font"`
	Subject     string     `yaml:"subject"`
	Department  Department `yaml:"department"`
	NameUpTo    int        `yaml:"name_up_to"`
	Province    Sender     `yaml:"province"`
	District    Sender     `yaml:"district"`
	Words       Words      `yaml:"words"`
}

// Department is the letter the province forwards: the request itself.
type Department struct {
	Name    string `yaml:"name"`
	Number  string `yaml:"number"`
	Date    string `yaml:"date"`
	Subject string `yaml:"subject"`
}

// Sender is what one issuing office writes.
type Sender struct {
	Code        string            `yaml:"code"`  // the office's code in ที่
	Codes       map[string]string `yaml:"codes"` // a district's own code, by district
	Number      string            `yaml:"number"`
	Sent        string            `yaml:"sent"` // the date the letter went out, once it has
	Office      string            `yaml:"office"`
	Address     []string          `yaml:"address"`
	References  []string          `yaml:"references"`
	Attachments []string          `yaml:"attachments"`
	Body        []string          `yaml:"body"`
	Signer      string            `yaml:"signer"`
	Position    string            `yaml:"position"`
	ActingFor   []string          `yaml:"acting_for"`
	Section     string            `yaml:"section"`
	Phone       string            `yaml:"phone"`
	Fax         string            `yaml:"fax"`
	Email       string            `yaml:"email"`
}

// Words are the fixed words of an official letter.
type Words struct {
	Number       string `yaml:"number"`
	Circular     string `yaml:"circular"`
	Subject      string `yaml:"subject"`
	To           string `yaml:"to"`
	Reference    string `yaml:"reference"`
	Attachments  string `yaml:"attachments"`
	Closing      string `yaml:"closing"`
	Phone        string `yaml:"phone"`
	Fax          string `yaml:"fax"`
	Email        string `yaml:"email"`
	And          string `yaml:"and"`
	Dated        string `yaml:"dated"`
	LetterOf     string `yaml:"letter_of"`
	ProvinceName string `yaml:"province_name"`
	DistrictName string `yaml:"district_name"`
	DistrictHead string `yaml:"district_head"`
	AllDistricts string `yaml:"all_districts"`
	Every        string `yaml:"every"`
	ListTitle    string `yaml:"list_title"`
	Emblem       string `yaml:"emblem"` // the Garuda image's description in the Word copy
}

// ParseTemplate reads letters.yaml; name labels it in errors.
func ParseTemplate(name string, data []byte) (*Template, error) {
	t := &Template{FontSize: 16, LineSpacing: 1.25, MarginLeft: 30, MarginRight: 20, Indent: 25, NameUpTo: 3, DocxFont: "TH SarabunIT๙"}
	if err := yamlfile.Decode(name, data, t); err != nil {
		return nil, err
	}
	if t.FontSize < 10 || t.FontSize > 24 || t.LineSpacing < 1 || t.LineSpacing > 2.5 ||
		t.MarginLeft < 10 || t.MarginRight < 10 || t.MarginLeft+t.MarginRight > 120 || t.Indent < 0 || t.Indent > 60 {
		return nil, messages.Errorf(name, "font_size must be 10 to 24, line_spacing 1 to 2.5, margins 10 mm or more and indent 0 to 60 mm")
	}
	if t.NameUpTo < 1 {
		return nil, messages.Errorf(name, "name_up_to must be 1 or more")
	}
	w := t.Words
	for _, s := range []string{w.Number, w.Subject, w.To, w.Closing, w.DistrictHead, w.AllDistricts, w.Every, w.And, w.Dated, w.LetterOf, w.ProvinceName, w.DistrictName, w.ListTitle,
		t.Province.Office, t.District.Office, t.Province.Position, t.District.Position} {
		if strings.TrimSpace(s) == "" {
			return nil, messages.Errorf(name, "the offices, the positions and the words of the letter must not be empty")
		}
	}
	for _, d := range []struct{ key, value string }{{"date", t.Date}, {"department.date", t.Department.Date}, {"province.sent", t.Province.Sent}} {
		if d.value == "" {
			continue
		}
		where := name
		if line := yamlfile.Line(data, d.key); line > 0 {
			where = fmt.Sprintf("%s:%d", name, line)
		}
		if _, err := thai.ParseDate(d.value); errors.Is(err, thai.ErrBuddhistYear) {
			return nil, messages.Errorf(where, "%s %q has a Buddhist-era year", d.key, d.value).WithHint("write the year in the Gregorian calendar (ค.ศ.): 2569 is 2026")
		} else if err != nil {
			return nil, messages.Errorf(where, "%s %q is not a date", d.key, d.value).WithHint("write it as YYYY-MM-DD, e.g. 2026-12-31")
		}
	}
	texts := []string{t.Subject, t.Department.Name, t.Department.Number, t.Department.Subject, w.DistrictHead, w.AllDistricts, w.ProvinceName, w.DistrictName}
	for _, s := range []Sender{t.Province, t.District} {
		texts = append(texts, s.Code, s.Number, s.Office, s.Signer, s.Position, s.Section, s.Phone, s.Fax, s.Email)
		for _, list := range [][]string{s.Address, s.References, s.Attachments, s.Body, s.ActingFor} {
			texts = append(texts, list...)
		}
	}
	for _, s := range texts {
		if err := placeholder.Check(s, placeholder.Letter); err != nil {
			err.Where = name
			return nil, err
		}
	}
	return t, nil
}
