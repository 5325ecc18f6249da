package coordinator_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/rendergrid/rendergrid/api"
	"github.com/rendergrid/rendergrid/coordinator"
	"github.com/rendergrid/rendergrid/internal/systemtest"
)

// testPKI makes a CA and a certificate it signs for 127.0.0.1.
func testPKI(t *testing.T) (*x509.CertPool, tls.Certificate) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "rendergrid test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "coordinator"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return pool, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// TestTLSCluster runs a 3-node cluster with HTTPS and mutual TLS on Raft:
// jobs flow, and a peer without a client certificate cannot talk Raft.
func TestTLSCluster(t *testing.T) {
	pool, cert := testPKI(t)
	c := systemtest.StartCluster(t, 3, func(cfg *coordinator.Config) {
		cfg.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
		cfg.RaftTLS = &tls.Config{Certificates: []tls.Certificate{cert}, RootCAs: pool, ClientCAs: pool, ClientAuth: tls.RequireAndVerifyClientCert}
		cfg.ClientTLS = &tls.Config{Certificates: []tls.Certificate{cert}, RootCAs: pool}
	})
	c.HC = &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	ctx := context.Background()
	artist := c.Client(c.Token("ana", api.RoleArtist))
	spec := systemtest.SampleScene(t, artist, 3)
	j, err := artist.Submit(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := artist.Job(ctx, j.ID); err != nil || got.Units != 3 {
		t.Fatalf("job over HTTPS: %+v %v", got, err)
	}
	// A Raft peer without a certificate from the CA is refused.
	conn, err := tls.Dial("tcp", c.Nodes[0].RaftAddr(), &tls.Config{RootCAs: pool})
	if err == nil {
		conn.SetDeadline(time.Now().Add(2 * time.Second))
		_, err = conn.Write([]byte{0})
		if err == nil {
			_, err = conn.Read(make([]byte, 1))
		}
		conn.Close()
	}
	if err == nil {
		t.Error("the Raft port talked to a client without a certificate")
	}
	// Plain HTTP to the API is refused too.
	if resp, err := http.Get("http" + c.Nodes[0].URL()[5:] + "/api/v1/status"); err == nil && resp.StatusCode == 200 {
		t.Error("the API answered plain HTTP")
	}
}
