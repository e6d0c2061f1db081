package cli

import (
	"crypto/tls"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/prakat/prakat/internal/messages"
	"golang.org/x/crypto/acme/autocert"
)

// tlsConfig is the TLS the server speaks, or nil for plain HTTP behind a
// proxy: a certificate and key from files, or certificates Let's Encrypt
// issues for the office's domain (ACME TLS-ALPN-01 on this port, so it
// must be reachable on 443), kept in a cache folder across restarts.
func (o *serveOptions) tlsConfig(log *slog.Logger) (*tls.Config, error) {
	switch {
	case (o.TLSCert == "") != (o.TLSKey == ""):
		return nil, usagef("--tls-cert and --tls-key go together")
	case len(o.ACMEDomains) > 0 && o.TLSCert != "":
		return nil, usagef("choose --tls-cert and --tls-key, or --acme-domain, not both")
	case len(o.ACMEDomains) > 0 && o.ACMECache == "":
		return nil, usagef("--acme-domain needs --acme-cache DIR, the folder that keeps its certificates")
	case len(o.ACMEDomains) > 0:
		if err := os.MkdirAll(o.ACMECache, 0o700); err != nil {
			return nil, err
		}
		m := &autocert.Manager{
			Prompt:     autocert.AcceptTOS,
			HostPolicy: autocert.HostWhitelist(o.ACMEDomains...),
			Cache:      autocert.DirCache(o.ACMECache),
		}
		cfg := m.TLSConfig()
		cfg.MinVersion = tls.VersionTLS12
		return cfg, nil
	case o.TLSCert != "":
		kp := &keyPair{cert: o.TLSCert, key: o.TLSKey, log: log}
		if err := kp.load(); err != nil {
			return nil, messages.Errorf(o.TLSCert, "cannot be used with the key %s: %v", o.TLSKey, err).
				WithHint("give --tls-cert the certificate chain (PEM) and --tls-key its private key")
		}
		return &tls.Config{GetCertificate: kp.get, MinVersion: tls.VersionTLS12}, nil
	}
	return nil, nil
}

// keyPair is a certificate read from files, read again when they change:
// a renewal (certbot, an office's own CA) needs no restart.
type keyPair struct {
	cert, key string
	log       *slog.Logger

	mu      sync.Mutex
	current *tls.Certificate
	stamp   time.Time // the files' latest modification when read
	checked time.Time
}

func (kp *keyPair) modified() time.Time {
	var t time.Time
	for _, p := range []string{kp.cert, kp.key} {
		if fi, err := os.Stat(p); err == nil && fi.ModTime().After(t) {
			t = fi.ModTime()
		}
	}
	return t
}

func (kp *keyPair) load() error {
	stamp := kp.modified()
	c, err := tls.LoadX509KeyPair(kp.cert, kp.key)
	if err != nil {
		return err
	}
	kp.current, kp.stamp = &c, stamp
	return nil
}

// get serves the certificate, looking for a newer one at most every few
// seconds; a pair that does not load yet (half copied) keeps the old one.
func (kp *keyPair) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	kp.mu.Lock()
	defer kp.mu.Unlock()
	if now := time.Now(); now.Sub(kp.checked) > 5*time.Second {
		kp.checked = now
		if kp.modified().After(kp.stamp) {
			if err := kp.load(); err != nil {
				kp.log.Warn("reading the renewed certificate", "cert", kp.cert, "err", err)
			} else {
				kp.log.Info("certificate renewed", "cert", kp.cert)
			}
		}
	}
	return kp.current, nil
}
