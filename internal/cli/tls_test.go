package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeCert writes a self-signed certificate for name and its key.
func writeCert(t *testing.T, certPath, keyPath, name string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
		DNSNames: []string{name}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
}

func TestTLSFlags(t *testing.T) {
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writeCert(t, cert, key, "s.example.go.th")
	log := slog.New(slog.DiscardHandler)
	for _, c := range []struct {
		o    serveOptions
		want string // part of the error; "" for none
	}{
		{serveOptions{}, ""},
		{serveOptions{TLSCert: cert}, "go together"},
		{serveOptions{TLSKey: key}, "go together"},
		{serveOptions{TLSCert: cert, TLSKey: key, ACMEDomains: []string{"s.example.go.th"}}, "not both"},
		{serveOptions{ACMEDomains: []string{"s.example.go.th"}}, "--acme-cache"},
		{serveOptions{TLSCert: key, TLSKey: cert}, "cannot be used with the key"},
		{serveOptions{TLSCert: cert, TLSKey: key}, ""},
		{serveOptions{ACMEDomains: []string{"s.example.go.th"}, ACMECache: filepath.Join(dir, "acme")}, ""},
	} {
		cfg, err := c.o.tlsConfig(log)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: %v", c.o, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%+v: error %v; want one saying %q", c.o, err, c.want)
		case c.want == "" && (cfg == nil) != (c.o.TLSCert == "" && len(c.o.ACMEDomains) == 0):
			t.Errorf("%+v: TLS config %v", c.o, cfg)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "acme")); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("the ACME cache folder: %v, %v; want it made, private", fi, err)
	}
}

// A renewed certificate is served without a restart; one half written is
// not, the old one stays.
func TestCertificateRenewed(t *testing.T) {
	dir := t.TempDir()
	cert, key := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writeCert(t, cert, key, "old.example.go.th")
	kp := &keyPair{cert: cert, key: key, log: slog.New(slog.DiscardHandler)}
	if err := kp.load(); err != nil {
		t.Fatal(err)
	}
	name := func() string {
		t.Helper()
		c, err := kp.get(&tls.ClientHelloInfo{})
		if err != nil {
			t.Fatal(err)
		}
		x, err := x509.ParseCertificate(c.Certificate[0])
		if err != nil {
			t.Fatal(err)
		}
		return x.Subject.CommonName
	}
	if got := name(); got != "old.example.go.th" {
		t.Fatalf("served %s", got)
	}
	later := time.Now().Add(time.Minute)
	writeCert(t, cert, key, "new.example.go.th")
	os.Chtimes(cert, later, later)
	kp.checked = time.Time{}
	if got := name(); got != "new.example.go.th" {
		t.Errorf("after renewal served %s; want new.example.go.th", got)
	}
	os.WriteFile(cert, []byte("-----BEGIN CERT"), 0o644)
	os.Chtimes(cert, later.Add(time.Minute), later.Add(time.Minute))
	kp.checked = time.Time{}
	if got := name(); got != "new.example.go.th" {
		t.Errorf("with a broken file served %s; want the last good one", got)
	}
}
