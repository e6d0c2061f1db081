// Package email sends a campaign's letters and files by e-mail: who
// receives what (from the letters' chain and the files generate wrote),
// the addresses in contacts.csv, the messages in Thai, the mail server, and
// the send log that makes a run resumable without sending anything twice.
package email

import (
	"github.com/prakat/prakat/internal/roster"
)

// Kind is what a message carries, and to whom.
type Kind string

// The kinds of message, as --to names them.
const (
	// Province: a copy of the province's circular to each district chief
	// and each unit the province writes to directly.
	Province Kind = "province"
	// District: a district's bundle (its letter, posters, pictures, print
	// files and manifest slice) to the district chief.
	District Kind = "district"
	// Unit: a unit's own poster, pictures and web snippet to the unit.
	Unit Kind = "unit"
)

// Kinds lists the kinds in the order a run sends them.
var Kinds = []Kind{Province, District, Unit}

// ParseKind reads a --to word: province, districts or units.
func ParseKind(s string) (Kind, bool) {
	switch s {
	case "province":
		return Province, true
	case "district", "districts":
		return District, true
	case "unit", "units":
		return Unit, true
	}
	return "", false
}

// Recipient is one addressee of a campaign.
type Recipient struct {
	// Key names the recipient in contacts.csv and the send log: a district
	// chief's title (with the province in brackets where the title occurs
	// in two provinces), or a unit's code.
	Key      string
	Title    string // as a letter addresses them: นายอำเภอบ้านแพ้ว, นายกองค์การบริหารส่วนตำบลกาหลง
	Province string
	District string
	Unit     *roster.Unit // nil for a district chief
}

// Recipients lists everyone a campaign writes to, district by district:
// the chief, then the district's units. head gives a district chief's
// title as the letters write it.
func Recipients(ds []roster.District, head func(province, district string) (string, error)) ([]Recipient, error) {
	var out []Recipient
	count := map[string]int{}
	for _, d := range ds {
		h, err := head(d.Province, d.Name)
		if err != nil {
			return nil, err
		}
		count[h]++
		out = append(out, Recipient{Key: h, Title: h, Province: d.Province, District: d.Name})
		for _, u := range d.Units {
			u := u
			out = append(out, Recipient{Key: u.Code, Title: u.Head(), Province: d.Province, District: d.Name, Unit: &u})
		}
	}
	for i, r := range out {
		if r.Unit == nil && count[r.Key] > 1 {
			out[i].Key = r.Title + " (" + r.Province + ")"
		}
	}
	return out, nil
}
