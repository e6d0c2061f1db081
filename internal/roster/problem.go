package roster

import (
	"fmt"
	"strings"

	"github.com/prakat/prakat/internal/messages"
)

// MaxProblems is how many errors a read reports before it gives up: enough to
// fix a file in one pass, few enough to read.
const MaxProblems = 50

// Problem is one thing wrong with a unit list, placed as a spreadsheet shows
// it: the file, the row (the header is row 1 in a plain CSV) and the column
// as its header is written.
type Problem struct {
	File    string
	Row     int    // 0 when the problem concerns the whole file
	Column  string // "" when no column is at fault
	What    messages.Text
	Hint    messages.Text
	Warning bool // the unit is usable; the clerk may want to look
}

// Render writes the problem as FILE:ROW: column "X": what, with a hint line.
func (p Problem) Render(pr *messages.Printer) string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Row > 0 {
		fmt.Fprintf(&b, ":%d", p.Row)
	}
	b.WriteString(": ")
	if p.Warning {
		b.WriteString(pr.Sprintf("warning: "))
	}
	if p.Column != "" {
		b.WriteString(pr.Sprintf("column %q: ", p.Column))
	}
	b.WriteString(pr.Sprint(p.What))
	if !p.Hint.IsZero() {
		b.WriteString("\n\t")
		b.WriteString(pr.Sprintf("hint: %s", pr.Sprint(p.Hint)))
	}
	return b.String()
}

func (p Problem) String() string { return p.Render(messages.Default) }

// Problems is the error a refused unit list returns: every problem found,
// up to MaxProblems, and whether reading stopped early.
type Problems struct {
	List      []Problem
	Truncated bool
	// Refused, when set, is the closing line in place of "the unit list
	// was refused", for other files read by rows (contacts.csv).
	Refused messages.Text
}

func (ps *Problems) Error() string {
	var lines []string
	for _, p := range ps.List {
		lines = append(lines, p.String())
	}
	return strings.Join(lines, "\n")
}

// Add records a problem found after reading (a name the fonts cannot draw,
// say), up to MaxProblems.
func (ps *Problems) Add(p Problem) {
	if len(ps.List) >= MaxProblems {
		ps.Truncated = true
		return
	}
	ps.List = append(ps.List, p)
}

// CheckDrawable reports every unit whose name, district or province holds a
// character that missing finds (a character the fonts cannot draw, such as
// an emoji pasted in), by the unit's row, up to MaxProblems; nil when there
// is none.
func CheckDrawable(file string, units []Unit, missing func(string) string) *Problems {
	ps := &Problems{}
	for _, u := range units {
		for _, c := range []struct{ column, value string }{{"name", u.Name}, {"district", u.District}, {"province", u.Province}} {
			if m := missing(c.value); m != "" {
				ps.Add(Problem{File: file, Row: u.Row, Column: c.column,
					What: messages.T("%s %s: the font has no glyph for %q", u.Code, u.Name, m),
					Hint: messages.T("correct the name in the list (an emoji or a symbol pasted in?), or name a font that has the character in campaign.yaml")})
				break
			}
		}
	}
	if len(ps.List) == 0 {
		return nil
	}
	return ps
}
