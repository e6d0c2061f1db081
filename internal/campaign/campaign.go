// Package campaign reads and scaffolds a campaign folder: campaign.yaml with
// every setting of one publicity job, the unit list, the token secret and
// the link ledger.
package campaign

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/prakat/prakat/internal/fsatomic"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/poster"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/thai"
	"github.com/prakat/prakat/internal/yamlfile"
	"github.com/prakat/prakat/templates"
)

// FileName is the campaign file inside a campaign folder.
const FileName = "campaign.yaml"

// Link modes.
const (
	ModeRedirect = "redirect"
	ModeDirect   = "direct"
)

// Campaign is one publicity job as campaign.yaml describes it. Paths are
// resolved against the campaign folder when loaded.
type Campaign struct {
	Dir string `yaml:"-"`

	Title       string `yaml:"title"`
	SurveyURL   string `yaml:"survey_url"`
	Mode        string `yaml:"mode"`
	ShortBase   string `yaml:"short_base"`
	Units       string `yaml:"units"`
	Province    string `yaml:"province"`
	ClosingDate string `yaml:"closing_date"`
	SecretFile  string `yaml:"secret_file"`
	Ledger      string `yaml:"ledger"`

	Contact        string   `yaml:"contact"`
	QRLevel        string   `yaml:"qr_level"`
	PrintFormats   []string `yaml:"print_formats"`
	ThaiDigits     *bool    `yaml:"thai_digits"`
	Gregorian      bool     `yaml:"gregorian"`
	PosterTemplate string   `yaml:"poster_template"`
	LetterTemplate string   `yaml:"letter_template"`
	SocialTemplate string   `yaml:"social_template"`
	Logos          string   `yaml:"logos"`

	StatsToken     string   `yaml:"stats_token"`
	TrustedProxies []string `yaml:"trusted_proxies"`
	ClientIPHeader string   `yaml:"client_ip_header"`
	FontRegular    string   `yaml:"font_regular"`
	FontBold       string   `yaml:"font_bold"`

	// Sending by e-mail: the sender, the server (never its password), the
	// wording, the addresses, the log of what was sent, the largest
	// attachment and the pace.
	MailFrom          string   `yaml:"mail_from"`
	SMTP              string   `yaml:"smtp"`
	MailTemplate      string   `yaml:"mail_template"`
	Contacts          string   `yaml:"contacts"`
	SendLog           string   `yaml:"send_log"`
	AttachmentLimitMB *float64 `yaml:"attachment_limit_mb"`
	MailRate          *float64 `yaml:"mail_rate"`
}

// Defaults of the mail settings a campaign made before them lacks.
const (
	DefaultContacts          = "contacts.csv"
	DefaultSendLog           = "sent.csv"
	DefaultAttachmentLimitMB = 10
	DefaultMailRate          = 1
)

// ContactsPath is the campaign's list of recipients' addresses.
func (c *Campaign) ContactsPath() string { return c.Path(cmp.Or(c.Contacts, DefaultContacts)) }

// SendLogPath is the campaign's log of sent messages.
func (c *Campaign) SendLogPath() string { return c.Path(cmp.Or(c.SendLog, DefaultSendLog)) }

// AttachmentLimit is the largest attachment sent, in bytes.
func (c *Campaign) AttachmentLimit() int64 {
	mb := float64(DefaultAttachmentLimitMB)
	if c.AttachmentLimitMB != nil {
		mb = *c.AttachmentLimitMB
	}
	return int64(mb * 1000 * 1000)
}

// MailInterval is the pause between two messages; 0 sends without one.
func (c *Campaign) MailInterval() time.Duration {
	rate := float64(DefaultMailRate)
	if c.MailRate != nil {
		rate = *c.MailRate
	}
	if rate <= 0 {
		return 0
	}
	return time.Duration(float64(time.Second) / rate)
}

// UsesThaiDigits reports whether dates and numbers in prose take Thai
// digits, as official documents do; the default.
func (c *Campaign) UsesThaiDigits() bool { return c.ThaiDigits == nil || *c.ThaiDigits }

// Path resolves a path named in the campaign against its folder.
func (c *Campaign) Path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// Closing returns the closing date, or the zero time when none is set.
func (c *Campaign) Closing() time.Time {
	t, _ := time.Parse(time.DateOnly, c.ClosingDate)
	return t
}

// DateStyle is how the campaign writes dates and numbers.
func (c *Campaign) DateStyle() thai.DateStyle {
	return thai.DateStyle{ThaiDigits: c.UsesThaiDigits(), Gregorian: c.Gregorian}
}

// ClosingText is the closing date as the campaign writes it; empty when
// it has none.
func (c *Campaign) ClosingText() string {
	if d := c.Closing(); !d.IsZero() {
		return c.DateStyle().Date(d)
	}
	return ""
}

// Load reads and checks the campaign file at path (or path/campaign.yaml
// when path is a folder).
func Load(path string) (*Campaign, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, FileName)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, messages.Errorf(path, "no campaign file here").WithHint("create one with: prakat init DIR --survey-url URL")
		}
		return nil, err
	}
	name := filepath.Base(path)
	c := &Campaign{Dir: filepath.Dir(path)}
	if err := yamlfile.Decode(name, data, c); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		line := yamlfile.Line(data, err.key)
		if line == 0 && err.key == "short_base" {
			line = yamlfile.Line(data, "mode") // the setting that asks for it
		}
		if line > 0 {
			err.Where = fmt.Sprintf("%s:%d", name, line)
		} else {
			err.Where = name
		}
		return nil, err.Error
	}
	return c, nil
}

type settingError struct {
	key string
	*messages.Error
}

func bad(key string, e *messages.Error) *settingError { return &settingError{key: key, Error: e} }

func (c *Campaign) check() *settingError {
	if c.SurveyURL == "" {
		return bad("survey_url", messages.Errorf("", "survey_url is empty").WithHint("set it to the survey's address, e.g. a Google Forms link"))
	}
	if err := CheckSurveyURL(c.SurveyURL); err != nil {
		return bad("survey_url", err)
	}
	switch c.Mode {
	case ModeRedirect:
		if err := CheckShortBase(c.ShortBase); err != nil {
			return bad("short_base", err)
		}
	case ModeDirect:
	default:
		return bad("mode", messages.Errorf("", "mode %q is neither redirect nor direct", c.Mode))
	}
	if c.ClosingDate != "" {
		if _, err := thai.ParseDate(c.ClosingDate); errors.Is(err, thai.ErrBuddhistYear) {
			return bad("closing_date", messages.Errorf("", "closing_date %q has a Buddhist-era year", c.ClosingDate).WithHint("write the year in the Gregorian calendar (ค.ศ.): 2569 is 2026"))
		} else if err != nil {
			return bad("closing_date", messages.Errorf("", "closing_date %q is not a date", c.ClosingDate).WithHint("write it as YYYY-MM-DD, e.g. 2026-12-31"))
		}
	}
	for _, f := range c.PrintFormats {
		if _, ok := poster.Formats[f]; !ok {
			return bad("print_formats", messages.Errorf("", "print_formats: %q is not a print format", f).WithHint("the formats are A4, A3, A5 and tent"))
		}
	}
	if _, err := qr.ParsePolicy(c.QRLevel); err != nil {
		return bad("qr_level", messages.Errorf("", "qr_level %q: want L, M, Q or H, optionally followed by exact", c.QRLevel).
			WithHint("the level is the least: prakat raises it while the code stays as small; write e.g. \"M exact\" to pin it"))
	}
	for _, p := range c.TrustedProxies {
		if _, err := parsePrefix(p); err != nil {
			return bad("trusted_proxies", messages.Errorf("", "trusted_proxies: %q is not an address or a CIDR range", p))
		}
	}
	if c.MailFrom != "" {
		if _, err := mail.ParseAddress(c.MailFrom); err != nil {
			return bad("mail_from", messages.Errorf("", "mail_from %q is not an e-mail address", c.MailFrom).WithHint("write the office's name and its saraban mailbox, e.g. \"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด <saraban@example.go.th>\""))
		}
	}
	if c.SMTP != "" {
		if err := CheckSMTP(c.SMTP); err != nil {
			return bad("smtp", err)
		}
	}
	if c.AttachmentLimitMB != nil && *c.AttachmentLimitMB <= 0 {
		return bad("attachment_limit_mb", messages.Errorf("", "attachment_limit_mb must be more than 0"))
	}
	if c.MailRate != nil && *c.MailRate < 0 {
		return bad("mail_rate", messages.Errorf("", "mail_rate must be 0 or more (messages a second; 0 sends without a pause)"))
	}
	if c.SecretFile == "" {
		return bad("secret_file", messages.Errorf("", "secret_file is empty"))
	}
	if c.Ledger == "" {
		return bad("ledger", messages.Errorf("", "ledger is empty"))
	}
	return nil
}

// CheckSurveyURL accepts an http(s) address whose placeholders are known.
func CheckSurveyURL(s string) *messages.Error {
	if err := placeholder.Check(s, placeholder.SurveyURL); err != nil {
		return err
	}
	u, err := url.Parse(placeholder.Blank(s, "x"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return messages.Errorf("", "survey_url %q is not an http(s) address", s)
	}
	return nil
}

// CheckShortBase accepts the base address of the redirect server.
func CheckShortBase(s string) *messages.Error {
	if s == "" {
		return messages.Errorf("", "redirect mode needs short_base, the address prakat serve answers at").WithHint("e.g. https://s.example.go.th; or choose mode: direct")
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return messages.Errorf("", "short_base %q is not an http(s) address without query", s)
	}
	return nil
}

// CheckSMTP accepts the mail server's address: smtp://[user@]host[:port]
// (STARTTLS) or smtps://[user@]host[:port] (TLS from the start). A password
// in it is refused: the campaign folder is shared and copied.
func CheckSMTP(s string) *messages.Error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return messages.Errorf("", "smtp %q is not a mail server address", s).WithHint("write smtp://USER@HOST:587 (STARTTLS) or smtps://USER@HOST:465; a user name with @ is written %%40")
	}
	if _, has := u.User.Password(); has {
		return messages.Errorf("", "smtp holds a password").WithHint("take it out: prakat send asks for it, or reads PRAKAT_SMTP_PASSWORD")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return messages.Errorf("", "smtp %q: the port must be a number from 1 to 65535", s)
		}
	}
	return nil
}

// ScaffoldOptions are what `prakat init` asks for.
type ScaffoldOptions struct {
	Title       string
	SurveyURL   string
	ShortBase   string
	Mode        string
	Province    string
	ClosingDate string
	Contact     string
	Units       []byte // the example unit list, written as units.csv
	UnitsName   string
	// Source, when set, is written beside the units as SourceName: where
	// the example list comes from.
	Source     []byte
	SourceName string
	// Letters sets values in the new letters.yaml, by dotted key
	// ("department.number"): the chain of letters a province cites.
	Letters map[string]string
	// Contacts is the new contacts.csv: every recipient, no address yet.
	Contacts []byte
}

// DefaultTitle is the title a new campaign starts with, from the request
// that prompted prakat: the DLA's citizen-satisfaction survey.
const DefaultTitle = "แบบประเมินความพึงพอใจของประชาชนต่อการให้บริการสาธารณะขององค์กรปกครองส่วนท้องถิ่น"

// Scaffold creates a campaign folder at dir: campaign.yaml, the unit list
// and a fresh secret (mode 0600). It refuses an existing non-empty folder,
// and writes nothing unless everything can be written.
func Scaffold(dir string, o ScaffoldOptions) error {
	if st, err := os.Stat(dir); err == nil {
		if !st.IsDir() {
			return messages.Errorf(dir, "exists and is not a folder; nothing was changed")
		}
		if _, err := os.Stat(filepath.Join(dir, FileName)); err == nil {
			return messages.Errorf(dir, "already holds a campaign; nothing was changed").WithHint("choose a new folder, or edit %s", filepath.Join(dir, FileName))
		}
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			return messages.Errorf(dir, "exists and is not empty; nothing was changed").WithHint("choose a new folder")
		}
	}
	if o.Title == "" {
		o.Title = DefaultTitle
	}
	c := Campaign{Title: o.Title, SurveyURL: o.SurveyURL, Mode: o.Mode, ShortBase: o.ShortBase,
		Units: o.UnitsName, Province: o.Province, ClosingDate: o.ClosingDate,
		SecretFile: "secret.key", Ledger: "ledger.csv", Contact: o.Contact,
		PosterTemplate: templates.Poster, LetterTemplate: templates.Letters, SocialTemplate: templates.Social,
		MailTemplate: templates.Mail, Contacts: DefaultContacts, SendLog: DefaultSendLog,
		Logos: "logos"}
	token := make([]byte, 24)
	if _, err := rand.Read(token); err != nil {
		return err
	}
	c.StatsToken = hex.EncodeToString(token)
	if err := c.check(); err != nil {
		err.Where = "--" + strings.ReplaceAll(err.key, "_", "-")
		return err.Error
	}
	var yamlText bytes.Buffer
	tmpl, err := template.New(templates.Campaign).Funcs(template.FuncMap{"quote": strconv.Quote}).ParseFS(templates.FS, templates.Campaign)
	if err != nil {
		return err
	}
	if err := tmpl.Execute(&yamlText, c); err != nil {
		return err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	return fsatomic.Dir(dir, func(tmp string) error {
		if err := os.WriteFile(filepath.Join(tmp, FileName), yamlText.Bytes(), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(tmp, o.UnitsName), o.Units, 0o644); err != nil {
			return err
		}
		if o.SourceName != "" {
			if err := os.WriteFile(filepath.Join(tmp, o.SourceName), o.Source, 0o644); err != nil {
				return err
			}
		}
		if o.Contacts != nil {
			if err := os.WriteFile(filepath.Join(tmp, c.Contacts), o.Contacts, 0o644); err != nil {
				return err
			}
		}
		for _, name := range []string{templates.Poster, templates.Letters, templates.Social, templates.Mail} {
			data, err := templates.FS.ReadFile(name)
			if err != nil {
				return err
			}
			if name == templates.Letters && len(o.Letters) > 0 {
				if data, err = SetValues(data, o.Letters); err != nil {
					return err
				}
			}
			if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
				return err
			}
		}
		return os.WriteFile(filepath.Join(tmp, c.SecretFile), []byte(hex.EncodeToString(secret)+"\n"), 0o600)
	})
}

// Secret reads the campaign's token secret.
func (c *Campaign) Secret() ([]byte, error) {
	path := c.Path(c.SecretFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, messages.Errorf(path, "cannot read the campaign secret").WithHint("tokens are derived from it; restore it from your copy")
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(key) < 16 {
		return nil, messages.Errorf(path, "the campaign secret is damaged (want at least 32 hex digits)")
	}
	return key, nil
}

// Proxies returns the trusted reverse proxies as address ranges.
func (c *Campaign) Proxies() []netip.Prefix {
	var ps []netip.Prefix
	for _, p := range c.TrustedProxies {
		if pf, err := parsePrefix(p); err == nil {
			ps = append(ps, pf)
		}
	}
	return ps
}

func parsePrefix(s string) (netip.Prefix, error) {
	if a, err := netip.ParseAddr(s); err == nil {
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	return netip.ParsePrefix(s)
}
