package email

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"mime"
	netmail "net/mail"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/yamlfile"
	gomail "github.com/wneessen/go-mail"
)

// Wording is the subject and body of one kind of message.
type Wording struct {
	Subject string `yaml:"subject"`
	Body    string `yaml:"body"`
}

// Template is the wording of a campaign's e-mails (mail.yaml).
type Template struct {
	Province  Wording `yaml:"province"`
	District  Wording `yaml:"district"`
	Unit      Wording `yaml:"unit"`
	Signature string  `yaml:"signature"`
}

// ParseTemplate reads mail.yaml; name labels it in errors.
func ParseTemplate(name string, data []byte) (*Template, error) {
	t := &Template{}
	if err := yamlfile.Decode(name, data, t); err != nil {
		return nil, err
	}
	for _, k := range Kinds {
		w := t.wording(k)
		if strings.TrimSpace(w.Subject) == "" || strings.TrimSpace(w.Body) == "" {
			return nil, messages.Errorf(name, "%s: subject and body must not be empty", k).WithHint("copy them from the built-in mail.yaml, or empty mail_template in campaign.yaml")
		}
		if strings.ContainsAny(w.Subject, "\r\n") {
			return nil, messages.Errorf(name, "%s: the subject must be one line", k)
		}
		for _, s := range []string{w.Subject, w.Body} {
			if err := placeholder.Check(s, placeholder.Mail); err != nil {
				err.Where = name
				return nil, err
			}
		}
	}
	if err := placeholder.Check(t.Signature, placeholder.Mail); err != nil {
		err.Where = name
		return nil, err
	}
	return t, nil
}

func (t *Template) wording(k Kind) Wording {
	switch k {
	case Province:
		return t.Province
	case District:
		return t.District
	}
	return t.Unit
}

// Letter is the province's letter a message names.
type Letter struct {
	Number, Date, Subject string
}

// Delivery is one message to send: to whom, at which address, with which
// files of OUT.
type Delivery struct {
	Kind    Kind
	To      Recipient
	Address string   // "" when contacts.csv and the unit list have none
	Files   []string // below OUT, with /
	Letter  Letter
}

// Attachment is a file of OUT as read for one message.
type Attachment struct {
	Path string // below OUT, with /
	Data []byte
}

// Digest lists the files with their SHA-256, a line each, as sha256sum
// prints them: what the send log compares to tell a changed file.
func Digest(files []Attachment) string {
	var lines []string
	for _, f := range files {
		sum := sha256.Sum256(f.Data)
		lines = append(lines, hex.EncodeToString(sum[:])+"  "+f.Path)
	}
	return strings.Join(lines, "\n")
}

// Composer makes the messages of one campaign.
type Composer struct {
	Template *Template
	From     *netmail.Address
	// Values fill the placeholders every message shares: title,
	// closing_date, survey_url.
	Values placeholder.Values
}

// Compose makes the message of a delivery with its files read. The
// Message-ID is new each time: a message sent again is a new message.
func (c *Composer) Compose(d Delivery, files []Attachment, now time.Time) (*gomail.Msg, error) {
	w := c.Template.wording(d.Kind)
	v := placeholder.Values{}
	for k, x := range c.Values {
		v[k] = x
	}
	v["sender"] = c.From.Name
	if v["sender"] == "" {
		v["sender"] = c.From.Address
	}
	v["recipient"] = d.To.Title
	v["province"] = d.To.Province
	v["district"] = d.To.District
	v["number"] = squeeze(d.Letter.Number)
	v["date"] = squeeze(d.Letter.Date)
	v["subject"] = squeeze(d.Letter.Subject)
	if u := d.To.Unit; u != nil {
		v["name"], v["code"] = u.Name, u.Code
	}
	var names []string
	for _, f := range files {
		names = append(names, "- "+path.Base(f.Path))
	}
	v["files"] = strings.Join(names, "\n")
	fill := func(part, s string) (string, error) {
		f, err := placeholder.Fill(s, v, nil)
		var me *placeholder.MissingError
		if errors.As(err, &me) {
			return "", messages.Errorf(part, "{%s} has no value here", me.Name).WithHint("give the campaign the value, or take the placeholder out of mail.yaml")
		}
		if err != nil {
			return "", err
		}
		return f.Text, nil
	}
	subject, err := fill(string(d.Kind)+".subject", w.Subject)
	if err != nil {
		return nil, err
	}
	body, err := fill(string(d.Kind)+".body", w.Body)
	if err != nil {
		return nil, err
	}
	sig, err := fill("signature", c.Template.Signature)
	if err != nil {
		return nil, err
	}
	text := strings.TrimRight(body, "\n") + "\n\n" + strings.TrimRight(sig, "\n") + "\n"

	m := gomail.NewMsg(gomail.WithEncoding(gomail.EncodingB64), gomail.WithCharset(gomail.CharsetUTF8))
	m.FromMailAddress(c.From)
	if err := m.AddToFormat(d.To.Title, d.Address); err != nil {
		return nil, err
	}
	m.SetGenHeaderPreformatted(gomail.HeaderSubject, EncodeHeader(subject))
	m.SetDateWithValue(now)
	m.SetUserAgent("prakat")
	m.SetMessageIDWithValue(messageID(c.From.Address, now))
	m.SetBodyString(gomail.TypeTextPlain, text)
	m.AddAlternativeString(gomail.TypeTextHTML, HTML(text))
	for _, f := range files {
		name := path.Base(f.Path)
		if err := m.AttachReader(name, bytes.NewReader(f.Data)); err != nil {
			return nil, err
		}
		a := m.GetAttachments()
		h := a[len(a)-1].Header
		// RFC 2231 names (filename*=utf-8''…), which mail programs and
		// Python's email package read back exactly.
		h.Set("Content-Type", mime.FormatMediaType(contentType(name), map[string]string{"name": name}))
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	}
	return m, nil
}

// EncodeHeader writes an unstructured header's text (a subject) as RFC 2047
// encoded words, folded, the first on the header's own line: a reader that
// keeps the folding's space (Python's email package does) then reads the
// text exactly. ASCII text is written as it is.
func EncodeHeader(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	// 39 bytes a word (13 Thai characters) keep each line under 78
	// characters, "Subject: " included; a character is never parted.
	const chunk = 39
	var words []string
	for len(s) > 0 {
		n := 0
		for n < len(s) {
			_, size := utf8.DecodeRuneInString(s[n:])
			if n+size > chunk && n > 0 {
				break
			}
			n += size
		}
		// Every chunk encoded, ASCII ones too: the space between an encoded
		// word and plain text would count, between two encoded words not.
		words = append(words, "=?UTF-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, "\r\n ")
}

// squeeze drops the room a letter leaves for a hand-written day and runs of
// spaces: "      มกราคม ๒๕๖๙" reads "มกราคม ๒๕๖๙" in a message.
func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

func contentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return "application/pdf"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".zip":
		return "application/zip"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".html":
		return "text/html; charset=utf-8"
	case ".csv":
		return "text/csv; charset=utf-8"
	}
	return "application/octet-stream"
}

// HTML is the plain text as an HTML part: paragraphs at blank lines, line
// breaks kept, everything escaped.
func HTML(text string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"th\"><head><meta charset=\"utf-8\"></head>\n<body style=\"font-family: 'TH Sarabun New', Sarabun, Tahoma, sans-serif; font-size: 16px\">\n")
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		lines := strings.Split(strings.Trim(para, "\n"), "\n")
		for i, l := range lines {
			lines[i] = html.EscapeString(l)
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", strings.Join(lines, "<br>\n"))
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// messageID is unique to one message: the time and random bits, at the
// sender's domain.
func messageID(from string, now time.Time) string {
	domain := "prakat.invalid"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at+1 < len(from) {
		domain = from[at+1:]
	}
	r := make([]byte, 8)
	rand.Read(r)
	return fmt.Sprintf("prakat.%d.%s@%s", now.Unix(), hex.EncodeToString(r), domain)
}
