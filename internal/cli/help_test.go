package cli

import (
	"strings"
	"testing"

	"github.com/prakat/prakat/internal/messages"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Every command's Short and Long, and every flag's description, has its
// Thai: the help a Thai user reads is never English by omission.
func TestEveryHelpHasThai(t *testing.T) {
	root := newRootCmd(&env{})
	root.InitDefaultHelpCmd()
	texts := 0
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		cmd.InitDefaultHelpFlag()
		check := func(what, s string) {
			if s == "" {
				return
			}
			texts++
			if !messages.HasThai(s) {
				t.Errorf("%s: %s has no Thai: %q", cmd.CommandPath(), what, s)
			}
		}
		check("Short", cmd.Short)
		check("Long", cmd.Long)
		check("Example", cmd.Example)
		for _, fs := range []*pflag.FlagSet{cmd.LocalFlags(), cmd.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				if f.Name != "help" { // cobra's, worded through "help for %s"
					check("--"+f.Name, f.Usage)
				}
			})
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
	if texts < 40 {
		t.Fatalf("found only %d help texts; the walk is broken", texts)
	}
}

// Thai help, by flag or locale, for every command: cobra's headings, the
// command's words and its flags' descriptions.
func TestHelpInThai(t *testing.T) {
	root := newRootCmd(&env{})
	names := []string{""}
	for _, c := range root.Commands() {
		names = append(names, c.Name())
	}
	names = append(names, "help")
	for _, name := range names {
		for _, how := range []struct {
			env  map[string]string
			args []string
		}{
			{nil, []string{"--lang", "th"}},
			{map[string]string{"LANG": "th_TH.UTF-8"}, nil},
		} {
			args := append([]string{}, how.args...)
			if name != "" {
				args = append(args, name)
			}
			args = append(args, "--help")
			code, stdout, stderr := run(t, how.env, args...)
			if code != 0 || stderr != "" {
				t.Errorf("%v: exit %d, %s", args, code, stderr)
				continue
			}
			for _, want := range []string{"วิธีใช้:", "ตัวเลือก:", "แสดงวิธีใช้ของ"} {
				if !strings.Contains(stdout, want) {
					t.Errorf("%v: no %q in\n%s", args, want, stdout)
				}
			}
			for _, bad := range []string{"Usage:", "Flags:", "Global Flags:", "Available Commands:", "help for", "(default", "language of messages"} {
				if strings.Contains(stdout, bad) {
					t.Errorf("%v: English %q in\n%s", args, bad, stdout)
				}
			}
		}
	}
	_, stdout, _ := run(t, nil, "--lang", "th", "generate", "--help")
	for _, want := range []string{"ออกลิงก์ให้ทุกหน่วย", "--out string        โฟลเดอร์ผลลัพธ์", "ตัวเลือกร่วม:", "--jobs int", "แสดงวิธีใช้ของ generate"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("generate --help lacks %q:\n%s", want, stdout)
		}
	}
}

// English help keeps cobra's layout.
func TestHelpInEnglish(t *testing.T) {
	code, stdout, _ := run(t, nil, "serve", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"Serves the campaign's short links",
		"Usage:\n  prakat serve --config DIR/campaign.yaml",
		"\nFlags:\n",
		`      --addr string           the address to listen on (default "127.0.0.1:8080")`,
		"  -h, --help                  help for serve",
		"\nGlobal Flags:\n      --lang string   language of messages: th or en (default: from the locale)\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("serve --help lacks %q:\n%s", want, stdout)
		}
	}
	_, stdout, _ = run(t, nil)
	for _, want := range []string{"Available Commands:\n  demo ", "  help        Help about any command", `Use "prakat [command] --help" for more information about a command.`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("prakat lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "completion") {
		t.Errorf("prakat offers completion, whose help has no Thai:\n%s", stdout)
	}
}
