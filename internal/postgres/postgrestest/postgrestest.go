// Package postgrestest gives each test a database of its own on the
// PostgreSQL server named by PRAKAT_TEST_POSTGRES, dropped when the test
// ends. Without one the test is skipped, unless CI is set: there it fails,
// so that a CI run never passes without testing PostgreSQL.
package postgrestest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env names the variable holding the server's address, such as
// postgres://prakat@127.0.0.1:5433/postgres?sslmode=disable; its user may
// create databases.
const Env = "PRAKAT_TEST_POSTGRES"

// URL creates an empty database and returns its address.
func URL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(Env)
	if admin == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set and %s is not: no PostgreSQL to test against (.ci/run starts one)", Env)
		}
		t.Skipf("no PostgreSQL: set %s=postgres://user@host:port/db to test against one (.ci/run does)", Env)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "prakat_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("creating a test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("dropping %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP DATABASE `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("dropping %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	u.Path = "/" + name
	return u.String()
}
