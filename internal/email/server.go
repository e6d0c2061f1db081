package email

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Server is the campaign's mail server as campaign.yaml names it.
type Server struct {
	Host     string
	Port     int
	User     string // "" sends without authentication
	Implicit bool   // smtps: TLS from the first byte; otherwise STARTTLS
}

// ParseServer reads smtp://[user@]host[:port] (STARTTLS, port 587 by
// default) or smtps://[user@]host[:port] (TLS, port 465).
func ParseServer(s string) (*Server, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, errors.New("not an smtp:// or smtps:// address")
	}
	srv := &Server{Host: u.Hostname(), Implicit: u.Scheme == "smtps", Port: 587}
	if srv.Implicit {
		srv.Port = 465
	}
	if p := u.Port(); p != "" {
		if srv.Port, err = strconv.Atoi(p); err != nil {
			return nil, err
		}
	}
	if u.User != nil {
		srv.User = u.User.Username()
	}
	return srv, nil
}

// Loopback reports whether the server is this machine, the one place
// STARTTLS may be left out: nothing crosses a network.
func (s *Server) Loopback() bool {
	if s.Host == "localhost" {
		return true
	}
	ip := net.ParseIP(s.Host)
	return ip != nil && ip.IsLoopback()
}

// Address is host:port.
func (s *Server) Address() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Conn is an open, authenticated connection to the mail server.
type Conn struct {
	client *gomail.Client
}

// DialOptions tune a connection; the zero value is right for a real
// server.
type DialOptions struct {
	Password string
	// TLS, when set, replaces the system's trust (a test's own
	// certificate authority).
	TLS     *tls.Config
	Timeout time.Duration
}

// Dial connects, starts TLS (required unless the server is on loopback)
// and logs in when the server names a user.
func Dial(ctx context.Context, s *Server, o DialOptions) (*Conn, error) {
	opts := []gomail.Option{gomail.WithPort(s.Port), gomail.WithTimeout(cmpDuration(o.Timeout, 30*time.Second)), gomail.WithHELO("prakat")}
	tc := o.TLS
	if tc == nil {
		tc = &tls.Config{}
	}
	tc = tc.Clone()
	tc.ServerName = s.Host
	tc.MinVersion = tls.VersionTLS12
	opts = append(opts, gomail.WithTLSConfig(tc))
	switch {
	case s.Implicit:
		opts = append(opts, gomail.WithSSL())
	case s.Loopback():
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	switch {
	case s.User != "" && s.Loopback():
		// PLAIN, which the library allows in the clear to this machine only.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(s.User), gomail.WithPassword(o.Password))
	case s.User != "":
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(s.User), gomail.WithPassword(o.Password))
	default:
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthNoAuth))
	}
	c, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return nil, err
	}
	if err := c.DialWithContext(ctx); err != nil {
		return nil, err
	}
	return &Conn{client: c}, nil
}

func cmpDuration(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Send hands one message to the server. accepted is true once the server
// has taken the message (its reply to the data), even when the connection
// fails after: only then is a message logged as sent.
func (c *Conn) Send(m *gomail.Msg) (accepted bool, err error) {
	err = c.client.Send(m)
	return m.IsDelivered(), err
}

// Close says goodbye to the server.
func (c *Conn) Close() error { return c.client.Close() }
