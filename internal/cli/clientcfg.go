package cli

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/rendergrid/rendergrid/api"
)

// defaultCoordinator is where the CLI looks without flag, env or config.
const defaultCoordinator = "http://127.0.0.1:8080"

// clientConfig is the CLI's config file: $RENDERGRID_CONFIG, else
// $XDG_CONFIG_HOME/rendergrid/config.json, else
// ~/.config/rendergrid/config.json. Flags and environment variables win.
type clientConfig struct {
	Coordinator string `json:"coordinator,omitempty"` // one URL, or several separated by commas
	Token       string `json:"token,omitempty"`
	CA          string `json:"ca,omitempty"` // PEM file of the CA that signed the coordinators' certificates
}

func configPath() string {
	if p := os.Getenv("RENDERGRID_CONFIG"); p != "" {
		return p
	}
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "rendergrid", "config.json")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".config", "rendergrid", "config.json")
	}
	return ""
}

func loadClientConfig() (clientConfig, error) {
	var cfg clientConfig
	p := configPath()
	if p == "" {
		return cfg, nil
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, fmt.Errorf("reading config %s: %w", p, err)
	}
	if err := json.Unmarshal(b, &cfg); err != nil {
		return cfg, fmt.Errorf("config %s: %w", p, err)
	}
	return cfg, nil
}

// clientFlags are the flags of every command that talks to a coordinator.
func clientFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "coordinator", EnvVars: []string{"RENDERGRID_COORDINATOR"}, Usage: "coordinator URL(s), comma-separated (default " + defaultCoordinator + ", or the config file's)"},
		&cli.StringFlag{Name: "token", EnvVars: []string{"RENDERGRID_TOKEN"}, Usage: "API token (or the config file's)"},
		&cli.StringFlag{Name: "ca", EnvVars: []string{"RENDERGRID_CA"}, Usage: "PEM file of the CA of the coordinators' TLS certificates"},
	}
}

// jsonFlag is --json on read commands.
var jsonFlag = &cli.BoolFlag{Name: "json", Usage: "print JSON instead of a table"}

// newClient builds an API client from flags, environment and config file.
func newClient(c *cli.Context) (*api.Client, error) {
	cfg, err := loadClientConfig()
	if err != nil {
		return nil, err
	}
	url := firstOf(c.String("coordinator"), cfg.Coordinator, defaultCoordinator)
	tok := firstOf(authToken(c), cfg.Token)
	hc, err := httpClient(firstOf(c.String("ca"), cfg.CA), nil)
	if err != nil {
		return nil, err
	}
	return api.NewClient([]string{url}, tok, hc)
}

// httpClient trusts caFile's CA when given and presents cert when given.
func httpClient(caFile string, cert *tls.Certificate) (*http.Client, error) {
	if caFile == "" && cert == nil {
		return &http.Client{}, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pool, err := loadCA(caFile)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = pool
	}
	if cert != nil {
		cfg.Certificates = []tls.Certificate{*cert}
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}, nil
}

func loadCA(file string) (*x509.CertPool, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading CA %s: %w", file, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("CA %s holds no PEM certificate", file)
	}
	return pool, nil
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// printJSON writes v as indented JSON.
func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// authToken is the API token flag: --token, or --auth-token on commands
// (verify) where --token names something else.
func authToken(c *cli.Context) string {
	if c.Command != nil {
		for _, f := range c.Command.Flags {
			if slices.Contains(f.Names(), "auth-token") {
				return c.String("auth-token")
			}
		}
	}
	return c.String("token")
}

// clientFlagsAuth is clientFlags with the API token as --auth-token.
func clientFlagsAuth() []cli.Flag {
	fs := clientFlags()
	for i, f := range fs {
		if f.Names()[0] == "token" {
			fs[i] = &cli.StringFlag{Name: "auth-token", EnvVars: []string{"RENDERGRID_TOKEN"}, Usage: "API token (or the config file's)"}
		}
	}
	return fs
}
