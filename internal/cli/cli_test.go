package cli

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func run(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, IO{In: strings.NewReader(""), Out: &out, Err: &errb,
		Now: func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) },
		Env: func(k string) string { return env[k] }})
	return code, out.String(), errb.String()
}

// The whole national register gets one distinct token per unit.
func TestLinksNationalRegister(t *testing.T) {
	register := filepath.Join("..", "..", "..", "shared", "data", "lao-national.csv")
	if _, err := os.Stat(register); err != nil {
		t.Skipf("the national register is not beside the repository: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "camp")
	if code, _, stderr := run(t, nil, "init", dir, "--survey-url", "https://survey.example.go.th/s", "--short-base", "https://s.example.go.th"); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, stderr := run(t, nil, "links", "--config", dir, "--units", register)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(stdout, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7850 {
		t.Fatalf("%d rows; want 7849 and a header", len(recs))
	}
	tokens := map[string]bool{}
	for _, r := range recs[1:] {
		if tokens[r[4]] {
			t.Errorf("token %s issued twice", r[4])
		}
		tokens[r[4]] = true
		if r[5] != "HTTPS://S.EXAMPLE.GO.TH/"+r[4] {
			t.Errorf("link %s for token %s", r[5], r[4])
		}
	}
	// Two upgraded units warn that their code keeps the old type digit.
	if n := strings.Count(stderr, "warning: "); n != 2 {
		t.Errorf("%d warnings; want 2:\n%s", n, stderr)
	}
}

func TestLanguageFromLocale(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"LANG": "th_TH.UTF-8"}, nil, "ต้องระบุ"},
		{map[string]string{"LC_ALL": "th_TH", "LANG": "en_US.UTF-8"}, nil, "ต้องระบุ"},
		{map[string]string{"LANG": "en_US.UTF-8"}, nil, "validate needs --units FILE"},
		{map[string]string{"LANG": "en_US.UTF-8"}, []string{"--lang", "th"}, "ต้องระบุ"},
		{map[string]string{"LANG": "th_TH.UTF-8"}, []string{"--lang", "en"}, "validate needs --units FILE"},
	} {
		code, _, stderr := run(t, tt.env, append([]string{"validate"}, tt.args...)...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("env %v args %v: exit %d, %q; want 2 and %q", tt.env, tt.args, code, stderr, tt.want)
		}
	}
	if code, _, stderr := run(t, nil, "validate", "--lang", "fr"); code != exitUsage || !strings.Contains(stderr, `--lang "fr"`) {
		t.Errorf("--lang fr: exit %d, %q", code, stderr)
	}
}
