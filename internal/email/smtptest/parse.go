package smtptest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os/exec"
	"strings"
)

// Parsed is a message as a mail program shows it.
type Parsed struct {
	Subject     string
	From, To    *mail.Address
	MessageID   string
	Text, HTML  string
	Attachments map[string][]byte // by file name
	Order       []string          // the attachments' names in order
}

// Parse reads a message with the standard library alone: net/mail for the
// headers, mime.WordDecoder for RFC 2047 words, mime/multipart for parts.
func Parse(data []byte) (*Parsed, error) {
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	dec := new(mime.WordDecoder)
	p := &Parsed{Attachments: map[string][]byte{}, MessageID: m.Header.Get("Message-ID")}
	if p.Subject, err = dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
		return nil, err
	}
	if p.From, err = mail.ParseAddress(m.Header.Get("From")); err != nil {
		return nil, fmt.Errorf("the From header: %w", err)
	}
	if p.To, err = mail.ParseAddress(m.Header.Get("To")); err != nil {
		return nil, fmt.Errorf("the To header: %w", err)
	}
	return p, p.walk(m.Header, m.Body)
}

type header interface{ Get(string) string }

func (p *Parsed) walk(h header, body io.Reader) error {
	ct, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return err
	}
	if strings.HasPrefix(ct, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := p.walk(part.Header, part); err != nil {
				return err
			}
		}
	}
	var r io.Reader = body
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if disp, dp, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && disp == "attachment" {
		name := dp["filename"]
		p.Attachments[name] = data
		p.Order = append(p.Order, name)
		return nil
	}
	switch ct {
	case "text/plain":
		p.Text = string(data)
	case "text/html":
		p.HTML = string(data)
	}
	return nil
}

// ErrNoPython is returned by PythonParse where python3 is not installed.
var ErrNoPython = errors.New("python3 is not installed")

// Python is a message as Python's email package (policy default) reads it.
type Python struct {
	Subject     string            `json:"subject"`
	FromName    string            `json:"from_name"`
	To          string            `json:"to"`
	Text        string            `json:"text"`
	HTML        string            `json:"html"`
	Attachments map[string]string `json:"attachments"` // name → hex SHA-256
}

const pythonScript = `
import email, email.policy, hashlib, json, sys
m = email.message_from_binary_file(sys.stdin.buffer, policy=email.policy.default)
out = {"subject": str(m["Subject"]), "to": m["To"].addresses[0].addr_spec,
       "from_name": str(email.header.make_header(email.header.decode_header(email.message_from_bytes(m.as_bytes())["From"]))),
       "text": m.get_body(("plain",)).get_content(), "html": m.get_body(("html",)).get_content(),
       "attachments": {a.get_filename(): hashlib.sha256(a.get_content()).hexdigest() for a in m.iter_attachments()}}
json.dump(out, sys.stdout)
`

// PythonParse reads a message with Python's email package, the reader a
// clerk's tools are likely built on; ErrNoPython where it is missing.
func PythonParse(data []byte) (*Python, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return nil, ErrNoPython
	}
	cmd := exec.Command(py, "-c", "import email.header\n"+pythonScript)
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("python3: %v: %s", err, stderr.String())
	}
	var p Python
	if err := json.Unmarshal(out, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
