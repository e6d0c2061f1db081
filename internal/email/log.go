package email

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
)

// Results of a message in the send log.
const (
	Sent   = "sent"
	Failed = "failed"
)

// LogEntry is one row of the send log: one message, sent or not.
type LogEntry struct {
	Time      time.Time
	Kind      Kind
	Recipient string // the recipient's key
	Address   string
	Files     string // "sha256  path" lines, as sha256sum prints them
	MessageID string
	Result    string // Sent or Failed
	Error     string // why it failed, as the server or the network said
}

var logHeader = []string{"time", "kind", "recipient", "address", "files", "message_id", "result", "error"}

// Log is the campaign's record of messages. Like the link ledger it only
// grows: each row is written as soon as its message's fate is known, the
// file replaced atomically, so a run killed at any moment keeps every row
// written before. One run at a time holds it.
type Log struct {
	path string
	raw  []byte
	sent map[string]bool // signatures of what the server accepted
	rows int
	lock *flock.Flock
}

// LockTimeout is how long OpenLog waits for another run to finish.
var LockTimeout = 10 * time.Second

// OpenLog locks the send log at path and reads it; a missing file is an
// empty log. Close releases the lock.
func OpenLog(path string) (*Log, error) {
	lk, ok := fsatomic.Lock(filepath.Join(filepath.Dir(path), ".send.lock"), LockTimeout)
	if !ok {
		return nil, messages.Errorf(path, "another prakat send is running for this campaign").WithHint("wait for it to finish and run again")
	}
	l, err := ReadLog(path)
	if err != nil {
		lk.Unlock()
		return nil, err
	}
	l.lock = lk
	return l, nil
}

// ReadLog reads the send log at path without locking it, for a dry run.
func ReadLog(path string) (*Log, error) {
	l := &Log{path: path, sent: map[string]bool{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, err
	}
	l.raw = data
	return l, l.parse()
}

// Close releases the lock taken by OpenLog.
func (l *Log) Close() error {
	if l.lock == nil {
		return nil
	}
	return l.lock.Unlock()
}

func (l *Log) parse() error {
	r := csv.NewReader(bytes.NewReader(l.raw))
	r.FieldsPerRecord = len(logHeader)
	hint := messages.T("the send log is written by prakat only; restore it from a backup, or remove the damaged lines")
	for i := 0; ; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return &messages.Error{Where: fmt.Sprintf("%s:%d", l.path, line), What: messages.T("damaged send log line"), Hint: hint}
		}
		if i == 0 {
			if strings.Join(rec, ",") != strings.Join(logHeader, ",") {
				return &messages.Error{Where: l.path + ":1", What: messages.T("not a prakat send log (header %q)", strings.Join(rec, ",")), Hint: hint}
			}
			continue
		}
		if _, err := time.Parse(time.RFC3339, rec[0]); err != nil || (rec[6] != Sent && rec[6] != Failed) {
			return &messages.Error{Where: fmt.Sprintf("%s:%d", l.path, line), What: messages.T("damaged send log line"), Hint: hint}
		}
		l.rows++
		if rec[6] == Sent {
			l.sent[signature(Kind(rec[1]), rec[2], rec[3], rec[4])] = true
		}
	}
}

func signature(k Kind, recipient, address, files string) string {
	return strings.Join([]string{string(k), recipient, address, files}, "\x00")
}

// Sent reports whether the log holds this message as accepted by the
// server: the same kind, recipient, address and files (by their hashes).
func (l *Log) Sent(k Kind, recipient, address, files string) bool {
	return l.sent[signature(k, recipient, address, files)]
}

// Rows is how many messages the log records.
func (l *Log) Rows() int { return l.rows }

// Append writes one row at the end of the log, durably, before it returns.
func (l *Log) Append(e LogEntry) error {
	var buf bytes.Buffer
	buf.Write(l.raw)
	if len(l.raw) == 0 {
		buf.WriteString(strings.Join(logHeader, ",") + "\n")
	} else if l.raw[len(l.raw)-1] != '\n' {
		buf.WriteByte('\n')
	}
	w := csv.NewWriter(&buf)
	w.Write([]string{e.Time.UTC().Truncate(time.Second).Format(time.RFC3339), string(e.Kind), e.Recipient, e.Address, e.Files, e.MessageID, e.Result, e.Error})
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	if err := fsatomic.WriteFile(l.path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the send log: %w", err)
	}
	l.raw = buf.Bytes()
	l.rows++
	if e.Result == Sent {
		l.sent[signature(e.Kind, e.Recipient, e.Address, e.Files)] = true
	}
	return nil
}
