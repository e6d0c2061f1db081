package placeholder

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestFill(t *testing.T) {
	f, err := Fill("อำเภอ{district} จังหวัด{province}", Values{"district": "บ้านแพ้ว", "province": "สมุทรสาคร"}, nil)
	if err != nil || f.Text != "อำเภอบ้านแพ้ว จังหวัดสมุทรสาคร" || f.Empty {
		t.Fatalf("Fill = %+v, %v", f, err)
	}
	if len(f.Values) != 2 || f.Values[0] != (Span{5, 13}) || f.Values[1] != (Span{21, 30}) {
		t.Errorf("spans = %v; want [{5 13} {21 30}]", f.Values)
	}
	// An optional field without a value: the line is to be left out.
	if f, err := Fill("โทร. {contact}", Values{}, nil); err != nil || !f.Empty {
		t.Errorf("optional contact absent: %+v, %v; want Empty", f, err)
	}
	// A required one: an error naming it, never a blank.
	for _, v := range []Values{{}, {"closing_date": ""}} {
		_, err := Fill("ถึงวันที่ {closing_date}", v, nil)
		var me *MissingError
		if !errors.As(err, &me) || me.Name != "closing_date" {
			t.Errorf("Fill with %v = %v; want {closing_date} missing", v, err)
		}
	}
	// escape sees each value and where it stands.
	s := "https://x.example/{name}?u={name}"
	f, _ = Fill(s, Values{"name": "บ้าน แพ้ว"}, func(v string, at int) string {
		if strings.Contains(s[:at], "?") {
			return url.QueryEscape(v)
		}
		return url.PathEscape(v)
	})
	if want := "https://x.example/" + url.PathEscape("บ้าน แพ้ว") + "?u=" + url.QueryEscape("บ้าน แพ้ว"); f.Text != want {
		t.Errorf("escaped = %q; want %q", f.Text, want)
	}
}

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		text string
		in   Use
		bad  string
	}{
		{"{name} {link}", Poster, ""},
		{"{survey_url} {count}", Letter, ""},
		{"{token}", SurveyURL, ""},
		{"{token}", Poster, "{token}"},
		{"{link}", Letter, "{link}"},
		{"{unit_name}", Poster, "{unit_name}"},
		{"{}", Poster, "{}"},
	} {
		err := Check(c.text, c.in)
		switch {
		case c.bad == "" && err != nil:
			t.Errorf("Check(%q) = %v", c.text, err)
		case c.bad != "" && (err == nil || !strings.Contains(err.Error(), c.bad)):
			t.Errorf("Check(%q) = %v; want it to name %s", c.text, err, c.bad)
		}
	}
	if err := Check("{token}", Poster); !strings.Contains(err.Hint.String(), "{name}") || strings.Contains(err.Hint.String(), "{token}") {
		t.Errorf("hint %q should list the poster's placeholders only", err.Hint)
	}
}

func TestSameForAll(t *testing.T) {
	for text, want := range map[string]bool{
		"ขอเชิญประชาชนร่วมประเมิน":       true,
		"ตอบได้ถึงวันที่ {closing_date}": true,
		"{title} {contact}": true,
		"{name}":            false,
		"อำเภอ{district} จังหวัด{province}": false,
		"{closing_date} {link}": false,
	} {
		if got := SameForAll(text); got != want {
			t.Errorf("SameForAll(%q) = %v; want %v", text, got, want)
		}
	}
}
