// Package letter sets the official letters that carry the request down the
// chain, in the form the Regulation on Official Correspondence
// (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ) sets out: the province's
// circular to its districts and directly supervised units, and each
// district's forwarding letter to its subdistrict units.
package letter

import (
	"strings"

	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/yamlfile"
)

// Template is letters.yaml: the layout, and the wording of each sender.
type Template struct {
	FontSize    float64 `yaml:"font_size"`
	LineSpacing float64 `yaml:"line_spacing"`
	MarginLeft  float64 `yaml:"margin_left"`
	MarginRight float64 `yaml:"margin_right"`
	Indent      float64 `yaml:"indent"`
	Garuda      string  `yaml:"garuda"`
	Date        string  `yaml:"date"`
	Subject     string  `yaml:"subject"`
	Reference   string  `yaml:"reference"`
	Many        string  `yaml:"many"`
	ListTitle   string  `yaml:"list_title"`
	Province    Sender  `yaml:"province"`
	District    Sender  `yaml:"district"`
	Words       Words   `yaml:"words"`
}

// Sender is what one issuing office writes.
type Sender struct {
	Number      string   `yaml:"number"`
	Office      string   `yaml:"office"`
	Address     []string `yaml:"address"`
	Attachments []string `yaml:"attachments"`
	Body        []string `yaml:"body"`
	Signer      string   `yaml:"signer"`
	Position    string   `yaml:"position"`
	ActingFor   []string `yaml:"acting_for"`
	Section     string   `yaml:"section"`
	Phone       string   `yaml:"phone"`
	Fax         string   `yaml:"fax"`
	Email       string   `yaml:"email"`
}

// Words are the fixed words of an official letter.
type Words struct {
	Number       string `yaml:"number"`
	Subject      string `yaml:"subject"`
	To           string `yaml:"to"`
	Reference    string `yaml:"reference"`
	Attachments  string `yaml:"attachments"`
	Closing      string `yaml:"closing"`
	Phone        string `yaml:"phone"`
	Fax          string `yaml:"fax"`
	Email        string `yaml:"email"`
	DistrictHead string `yaml:"district_head"`
}

// ParseTemplate reads letters.yaml; name labels it in errors.
func ParseTemplate(name string, data []byte) (*Template, error) {
	t := &Template{FontSize: 16, LineSpacing: 1.25, MarginLeft: 30, MarginRight: 20, Indent: 25}
	if err := yamlfile.Decode(name, data, t); err != nil {
		return nil, err
	}
	if t.FontSize < 10 || t.FontSize > 24 || t.LineSpacing < 1 || t.LineSpacing > 2.5 ||
		t.MarginLeft < 10 || t.MarginRight < 10 || t.MarginLeft+t.MarginRight > 120 || t.Indent < 0 || t.Indent > 60 {
		return nil, messages.Errorf(name, "font_size must be 10 to 24, line_spacing 1 to 2.5, margins 10 mm or more and indent 0 to 60 mm")
	}
	w := t.Words
	for _, s := range []string{w.Number, w.Subject, w.To, w.Closing, w.DistrictHead, t.Subject, t.Province.Office, t.District.Office, t.Province.Position, t.District.Position} {
		if strings.TrimSpace(s) == "" {
			return nil, messages.Errorf(name, "subject, the offices, the positions and the words of the letter must not be empty")
		}
	}
	var texts []string
	texts = append(texts, t.Subject, t.Reference, t.Many, t.ListTitle, w.DistrictHead)
	for _, s := range []Sender{t.Province, t.District} {
		texts = append(texts, s.Number, s.Office, s.Signer, s.Position, s.Section, s.Phone, s.Fax, s.Email)
		texts = append(texts, s.Address...)
		texts = append(texts, s.Attachments...)
		texts = append(texts, s.Body...)
		texts = append(texts, s.ActingFor...)
	}
	for _, s := range texts {
		if err := placeholder.Check(s, placeholder.Letter); err != nil {
			err.Where = name
			return nil, err
		}
	}
	return t, nil
}
