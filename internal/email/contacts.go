package email

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"strings"

	"github.com/prakat/prakat/internal/excelcsv"
	"github.com/prakat/prakat/internal/fsatomic"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/roster"
)

// contactsHeader heads contacts.csv: the recipient's key, the address the
// clerk fills in, and the unit's name for the clerk to read by (ignored
// when read).
var contactsHeader = []string{"recipient", "email", "name"}

// Contacts are the addresses a clerk filled into contacts.csv.
type Contacts struct {
	rows  []contact
	byKey map[string]int
}

type contact struct {
	key, email, name string
}

// NewContacts returns an empty list.
func NewContacts() *Contacts { return &Contacts{byKey: map[string]int{}} }

// Address returns the address filled in for a key, or "".
func (c *Contacts) Address(key string) string {
	if i, ok := c.byKey[key]; ok {
		return c.rows[i].email
	}
	return ""
}

// Filled is how many rows carry an address.
func (c *Contacts) Filled() int {
	n := 0
	for _, r := range c.rows {
		if r.email != "" {
			n++
		}
	}
	return n
}

// ReadContacts reads contacts.csv at path, as saved by prakat or by Excel
// (UTF-8 or Windows-874, or an XLSX under that name). A missing file is an
// empty list. Malformed addresses are refused, every one by its row, as a
// *roster.Problems.
func ReadContacts(path string) (*Contacts, error) {
	c := NewContacts()
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := roster.Table(path, data)
	if err != nil {
		return nil, err
	}
	keyCol, mailCol, nameCol := -1, -1, -1
	for i, h := range firstRow(rows) {
		switch strings.ToLower(strings.TrimSpace(roster.Clean(h))) {
		case "recipient", "ผู้รับ":
			keyCol = i
		case "email", "e-mail", "อีเมล", "อีเมล์":
			mailCol = i
		case "name", "ชื่อ":
			nameCol = i
		}
	}
	if keyCol < 0 || mailCol < 0 {
		return nil, messages.Errorf(path+":1", "no recipient and email columns in the header row").
			WithHint("the header row is recipient,email,name; prakat generate writes the file afresh if you delete it")
	}
	ps := &roster.Problems{Refused: messages.T("prakat: contacts.csv was refused; nothing was sent")}
	cell := func(row []string, i int) string {
		if i >= 0 && i < len(row) {
			return roster.Clean(row[i])
		}
		return ""
	}
	for n, row := range rows {
		if n == 0 {
			continue
		}
		key, addr := cell(row, keyCol), cell(row, mailCol)
		if key == "" {
			continue
		}
		if addr != "" {
			a, ok := roster.ParseEmail(addr)
			if !ok {
				ps.Add(roster.Problem{File: path, Row: n + 1, Column: rows[0][mailCol],
					What: messages.T("%s: %q is not an e-mail address", key, addr),
					Hint: messages.T("write one address, e.g. saraban@example.go.th")})
				continue
			}
			addr = a
		}
		if _, dup := c.byKey[key]; dup {
			ps.Add(roster.Problem{File: path, Row: n + 1, Column: rows[0][keyCol],
				What: messages.T("%s is listed twice", key),
				Hint: messages.T("keep one row for each recipient")})
			continue
		}
		c.byKey[key] = len(c.rows)
		c.rows = append(c.rows, contact{key: key, email: addr, name: cell(row, nameCol)})
	}
	if len(ps.List) > 0 {
		return nil, ps
	}
	return c, nil
}

func firstRow(rows [][]string) []string {
	if len(rows) == 0 {
		return nil
	}
	return rows[0]
}

// ContactsFile is contacts.csv for the recipients rs: one row each, in
// order, with the address already filled in for it kept. Rows of former
// recipients that carry an address are kept at the end, so nothing typed
// in is lost when the unit list changes.
func ContactsFile(old *Contacts, rs []Recipient) []byte {
	if old == nil {
		old = NewContacts()
	}
	var buf bytes.Buffer
	w := excelcsv.NewWriter(&buf)
	w.Write(contactsHeader)
	seen := map[string]bool{}
	for _, r := range rs {
		name := ""
		if r.Unit != nil {
			name = r.Unit.Name + " (" + r.District + ")"
		}
		seen[r.Key] = true
		w.Write([]string{r.Key, old.Address(r.Key), name})
	}
	for _, c := range old.rows {
		if !seen[c.key] && c.email != "" {
			w.Write([]string{c.key, c.email, c.name})
		}
	}
	w.Flush()
	return buf.Bytes()
}

// RefreshContacts rewrites contacts.csv at path for the recipients rs when
// they changed, keeping every address filled in; changed reports whether
// the file was written.
func RefreshContacts(path string, rs []Recipient) (changed bool, err error) {
	old, err := ReadContacts(path)
	if err != nil {
		return false, err
	}
	data := ContactsFile(old, rs)
	if cur, err := os.ReadFile(path); err == nil && bytes.Equal(cur, data) {
		return false, nil
	}
	if err := fsatomic.WriteFile(path, data, 0o644); err != nil {
		return false, err
	}
	return true, nil
}
