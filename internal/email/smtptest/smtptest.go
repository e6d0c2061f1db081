// Package smtptest runs a real SMTP server on loopback for tests: STARTTLS
// with a certificate made for the run, AUTH PLAIN, and the failures a mail
// server shows (a refused recipient, a dropped connection, a message held
// unanswered).
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Options shape the server's behaviour.
type Options struct {
	// User and Password, when User is set, are required (AUTH PLAIN).
	User, Password string
	// TLS offers STARTTLS with a certificate for 127.0.0.1 and localhost.
	TLS bool
	// Refuse, when set, refuses RCPT TO for the addresses it reports.
	Refuse func(to string) bool
	// DropAfter, when > 0, closes every connection without a reply once
	// that many messages were accepted in all.
	DropAfter int
	// Hold, when > 0, leaves the Hold-th message of the server's life
	// unanswered: Held is closed when it arrives, and Data waits until
	// Release is closed, then fails.
	Hold int
}

// Message is one accepted message.
type Message struct {
	From string
	To   []string
	Data []byte
}

// Server is a running SMTP server.
type Server struct {
	Addr    string // 127.0.0.1:port
	CertPEM []byte // the certificate a client must trust for STARTTLS
	Held    chan struct{}
	Release chan struct{}

	opt      Options
	srv      *smtp.Server
	mu       sync.Mutex
	msgs     []Message
	arrived  int
	sessions int
}

// Start runs a server until the test ends.
func Start(t testing.TB, opt Options) *Server {
	t.Helper()
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// New runs a server until Close.
func New(opt Options) (*Server, error) {
	s := &Server{opt: opt, Held: make(chan struct{}), Release: make(chan struct{})}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = !opt.TLS
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.MaxMessageBytes = 64 << 20
	srv.ErrorLog = quiet{}
	if opt.TLS {
		cert, pemBytes, err := certificate()
		if err != nil {
			return nil, err
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		s.CertPEM = pemBytes
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.Addr = l.Addr().String()
	s.srv = srv
	go srv.Serve(l)
	return s, nil
}

// Close releases a held message and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.Release:
	default:
		close(s.Release)
	}
	s.mu.Unlock()
	s.srv.Close()
}

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Sessions is how many connections the server took.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

// RootCAs is a pool trusting the server's certificate.
func (s *Server) RootCAs() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(s.CertPEM)
	return pool
}

type quiet struct{}

func (quiet) Printf(string, ...any) {}
func (quiet) Println(...any)        {}

// NewSession implements smtp.Backend.
func (s *Server) NewSession(c *smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	s.sessions++
	s.mu.Unlock()
	return &session{s: s, c: c, authed: s.opt.User == ""}, nil
}

type session struct {
	s      *Server
	c      *smtp.Conn
	authed bool
	from   string
	to     []string
}

func (se *session) AuthMechanisms() []string {
	if se.s.opt.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (se *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != se.s.opt.User || pass != se.s.opt.Password {
			return smtp.ErrAuthFailed
		}
		se.authed = true
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if !se.authed {
		return smtp.ErrAuthRequired
	}
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if se.s.opt.Refuse != nil && se.s.opt.Refuse(to) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox here"}
	}
	se.to = append(se.to, to)
	return nil
}

var errDropped = errors.New("connection dropped")

func (se *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s := se.s
	s.mu.Lock()
	s.arrived++
	n := s.arrived
	drop := s.opt.DropAfter > 0 && len(s.msgs) >= s.opt.DropAfter
	s.mu.Unlock()
	if drop {
		se.c.Conn().Close()
		return errDropped
	}
	if s.opt.Hold > 0 && n == s.opt.Hold {
		close(s.Held)
		<-s.Release
		se.c.Conn().Close()
		return errDropped
	}
	s.mu.Lock()
	s.msgs = append(s.msgs, Message{From: se.from, To: se.to, Data: bytes.Clone(data)})
	s.mu.Unlock()
	return nil
}

func (se *session) Reset() { se.from, se.to = "", nil }

func (se *session) Logout() error { return nil }

// certificate makes a self-signed certificate for 127.0.0.1 and localhost.
func certificate() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "prakat test mail server"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pemBytes, nil
}
