package links

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
	"github.com/prakat/prakat/internal/fsatomic"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/roster"
)

// Entry is one issued link: a unit's code, its token, the link as printed,
// and when it was issued.
type Entry struct {
	Code   string
	Token  string
	Link   string
	Issued time.Time
}

var ledgerHeader = []string{"code", "token", "link", "issued"}

// Ledger is the campaign's record of issued links. It only grows: an entry,
// once written, is never changed or removed, whatever later unit lists add,
// drop or reorder. The file on disk is replaced atomically, and one process
// at a time may hold it open for issuing.
type Ledger struct {
	path    string
	raw     []byte // the file as read: new entries are appended to it
	entries []Entry
	byCode  map[string]int
	byToken map[string]string // token → code
	added   []Entry
	lock    *flock.Flock
}

// LockTimeout is how long Open waits for another run to finish.
var LockTimeout = 10 * time.Second

// Open locks the ledger at path for issuing and reads it; a missing file is
// an empty ledger. Close releases the lock.
func Open(path string) (*Ledger, error) {
	lk, ok := fsatomic.Lock(filepath.Join(filepath.Dir(path), ".ledger.lock"), LockTimeout)
	if !ok {
		return nil, messages.Errorf(path, "another prakat run is issuing links for this campaign").WithHint("wait for it to finish and run again")
	}
	l, err := Read(path)
	if err != nil {
		lk.Unlock()
		return nil, err
	}
	l.lock = lk
	return l, nil
}

// Read reads the ledger at path without locking it, for commands that only
// look up links.
func Read(path string) (*Ledger, error) {
	l := &Ledger{path: path, byCode: map[string]int{}, byToken: map[string]string{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, err
	}
	l.raw = data
	if err := l.parse(); err != nil {
		return nil, err
	}
	return l, nil
}

// Close releases the lock taken by Open.
func (l *Ledger) Close() error {
	if l.lock == nil {
		return nil
	}
	return l.lock.Unlock()
}

func (l *Ledger) parse() error {
	name := l.path
	r := csv.NewReader(bytes.NewReader(l.raw))
	r.FieldsPerRecord = len(ledgerHeader)
	hint := messages.T("the ledger is written by prakat only; restore it from a backup, or remove the damaged lines")
	for i := 0; ; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return &messages.Error{Where: fmt.Sprintf("%s:%d", name, line), What: messages.T("damaged ledger line"), Hint: hint}
		}
		if i == 0 {
			if strings.Join(rec, ",") != strings.Join(ledgerHeader, ",") {
				return &messages.Error{Where: name + ":1", What: messages.T("not a prakat ledger (header %q)", strings.Join(rec, ",")), Hint: hint}
			}
			continue
		}
		line, _ := r.FieldPos(0)
		issued, err := time.Parse(time.RFC3339, rec[3])
		e := Entry{Code: rec[0], Token: rec[1], Link: rec[2], Issued: issued}
		where := fmt.Sprintf("%s:%d", name, line)
		switch {
		case err != nil || e.Link == "" || len(e.Code) != 7:
			return &messages.Error{Where: where, What: messages.T("damaged ledger line"), Hint: hint}
		case NormalizeToken(e.Token) != e.Token:
			return &messages.Error{Where: where, What: messages.T("token %q is not a prakat token", e.Token), Hint: hint}
		}
		if _, dup := l.byCode[e.Code]; dup {
			return &messages.Error{Where: where, What: messages.T("code %s is issued twice", e.Code), Hint: hint}
		}
		if other, dup := l.byToken[e.Token]; dup {
			return &messages.Error{Where: where, What: messages.T("token %s is issued to both %s and %s", e.Token, other, e.Code), Hint: hint}
		}
		l.add(e)
	}
	return nil
}

func (l *Ledger) add(e Entry) {
	l.byCode[e.Code] = len(l.entries)
	l.byToken[e.Token] = e.Code
	l.entries = append(l.entries, e)
}

// Entries returns every issued link, oldest first.
func (l *Ledger) Entries() []Entry { return l.entries }

// Lookup finds the entry of a unit code.
func (l *Ledger) Lookup(code string) (Entry, bool) {
	i, ok := l.byCode[code]
	if !ok {
		return Entry{}, false
	}
	return l.entries[i], true
}

// Issuer makes the links of one campaign.
type Issuer struct {
	Secret    []byte
	Redirect  bool   // short links to the redirect server; else direct survey links
	ShortBase string // redirect mode
	SurveyURL string // the survey address template
}

// Link is the link the campaign gives a unit with token today.
func (is *Issuer) Link(u roster.Unit, token string) string {
	if is.Redirect {
		return ShortLink(is.ShortBase, token)
	}
	return Destination(is.SurveyURL, u, token)
}

// Assignment is a unit with its issued token and link.
type Assignment struct {
	Unit  roster.Unit
	Token string
	Link  string // as issued: what is printed stays
	New   bool   // issued by this call
	// Now is the link the campaign's settings would give today when it
	// differs from the issued one (after the survey address or short base
	// was edited); the issued link is kept.
	Now string
}

// Issue gives every unit its token and link: the ledger's where it has one,
// a new one otherwise. Codes are considered in the order given, so the same
// list gives the same tokens; a derived token already held by another code
// is skipped for the code's next alternate.
func (l *Ledger) Issue(units []roster.Unit, is *Issuer, now time.Time) []Assignment {
	return l.issue(units, is, func(code string, attempt int) string { return Derive(is.Secret, code, attempt) }, now)
}

func (l *Ledger) issue(units []roster.Unit, is *Issuer, derive func(string, int) string, now time.Time) []Assignment {
	out := make([]Assignment, 0, len(units))
	now = now.UTC().Truncate(time.Second)
	for _, u := range units {
		if e, ok := l.Lookup(u.Code); ok {
			a := Assignment{Unit: u, Token: e.Token, Link: e.Link}
			if cur := is.Link(u, e.Token); cur != e.Link {
				a.Now = cur
			}
			out = append(out, a)
			continue
		}
		var tok string
		for attempt := 0; ; attempt++ {
			tok = derive(u.Code, attempt)
			if _, taken := l.byToken[tok]; !taken {
				break
			}
		}
		e := Entry{Code: u.Code, Token: tok, Link: is.Link(u, tok), Issued: now}
		l.add(e)
		l.added = append(l.added, e)
		out = append(out, Assignment{Unit: u, Token: tok, Link: e.Link, New: true})
	}
	return out
}

// Added is how many entries Issue added since the ledger was read.
func (l *Ledger) Added() int { return len(l.added) }

// Save appends the new entries to the file, atomically: the bytes already
// there are written back unchanged, so the file only ever grows.
func (l *Ledger) Save() error {
	if len(l.added) == 0 {
		return nil
	}
	var buf bytes.Buffer
	buf.Write(l.raw)
	if len(l.raw) == 0 {
		buf.WriteString(strings.Join(ledgerHeader, ",") + "\n")
	} else if l.raw[len(l.raw)-1] != '\n' {
		buf.WriteByte('\n')
	}
	w := csv.NewWriter(&buf)
	for _, e := range l.added {
		w.Write([]string{e.Code, e.Token, e.Link, e.Issued.Format(time.RFC3339)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := fsatomic.WriteFile(l.path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the ledger: %w", err)
	}
	l.raw = buf.Bytes()
	l.added = nil
	return nil
}
