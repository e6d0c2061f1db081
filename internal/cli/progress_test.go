package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/prakat/prakat/internal/messages"
	"golang.org/x/text/language"
)

// TestProgressLines checks the lines written where standard error is not
// a terminal: every poster up to 20, a line a tenth beyond, the last one
// always.
func TestProgressLines(t *testing.T) {
	for _, tc := range []struct{ total, lines int }{{3, 3}, {12, 12}, {20, 20}, {21, 11}, {7849, 11}} {
		var buf bytes.Buffer
		e := &env{IO: IO{Err: &buf}, p: messages.NewPrinter(language.English)}
		tick, finish := progress(e)
		for done := 1; done <= tc.total; done++ {
			tick(done, tc.total)
		}
		finish()
		got := strings.Split(strings.TrimSpace(buf.String()), "\n")
		if len(got) != tc.lines {
			t.Errorf("%d posters: %d lines %q; want %d", tc.total, len(got), got, tc.lines)
		}
		if want := e.p.Sprintf("posters: %d of %d", tc.total, tc.total); got[len(got)-1] != want {
			t.Errorf("%d posters: last line %q; want %q", tc.total, got[len(got)-1], want)
		}
	}
}
