package chain

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"
)

func sampleReceipt(t *testing.T, k *Key) Receipt {
	t.Helper()
	return Receipt{
		Job: "j7", Frame: 42, Tile: 3, LeaseEpoch: 991, SceneCID: "bafkreiscene",
		ParamsHash: Params{Width: 320, Height: 180, SPP: 16, MaxBounces: 8, Seed: 9, Region: [4]int{0, 0, 160, 90}}.Hash(),
		OutputCID:  "bafkreioutput", Samples: 921600, RenderMS: 1234, Engine: "cpu", Worker: k.Address, ChainID: 1337,
	}
}

// handDigest recomputes the receipt digest straight from EIP-712's text,
// with big.Int words and its own type string, sharing no code with
// eip712.go.
func handDigest(r Receipt) []byte {
	k := func(s string) []byte { return crypto.Keccak256([]byte(s)) }
	u := func(v uint64) []byte { return common.LeftPadBytes(new(big.Int).SetUint64(v).Bytes(), 32) }
	typ := "Receipt(" + strings.Join([]string{
		"string job", "uint64 frame", "uint64 tile", "uint64 leaseEpoch", "string sceneCid", "bytes32 paramsHash",
		"string outputCid", "uint64 samples", "uint64 renderMs", "string engine", "address worker", "uint256 chainId",
	}, ",") + ")"
	var enc []byte
	for _, p := range [][]byte{k(typ), k(r.Job), u(r.Frame), u(r.Tile), u(r.LeaseEpoch), k(r.SceneCID), r.ParamsHash[:],
		k(r.OutputCID), u(r.Samples), u(r.RenderMS), k(r.Engine), common.LeftPadBytes(r.Worker.Bytes(), 32), u(r.ChainID)} {
		enc = append(enc, p...)
	}
	domain := append(append(append(k("EIP712Domain(string name,string version,uint256 chainId)"), k("rendergrid")...), k("1")...), u(r.ChainID)...)
	return crypto.Keccak256([]byte("\x19\x01"), crypto.Keccak256(domain), crypto.Keccak256(enc))
}

// viaAPITypes computes the digest of typed data JSON with go-ethereum's
// signer (the code behind clef and eth_signTypedData).
func viaAPITypes(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var td apitypes.TypedData
	if err := json.Unmarshal(b, &td); err != nil {
		t.Fatal(err)
	}
	d, _, err := apitypes.TypedDataAndHash(td)
	if err != nil {
		t.Fatalf("apitypes rejects our typed data: %v\n%s", err, b)
	}
	return d
}

func TestReceiptDigestAgreesWithIndependentImplementations(t *testing.T) {
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	r := sampleReceipt(t, k)
	got := r.Digest()
	if hand := handDigest(r); common.BytesToHash(hand) != got {
		t.Fatalf("digest %s, by hand from the spec %x", got.Hex(), hand)
	}
	if ext := viaAPITypes(t, r.TypedData()); common.BytesToHash(ext) != got {
		t.Fatalf("digest %s, go-ethereum apitypes %x", got.Hex(), ext)
	}
	a := Acceptance{Receipt: r, Price: 1000, Fee: 25, AcceptedAt: 1764000000000}
	if ext := viaAPITypes(t, a.TypedData()); common.BytesToHash(ext) != a.Digest() {
		t.Fatalf("acceptance digest %s, go-ethereum apitypes %x", a.Digest().Hex(), ext)
	}
	// Every field is covered: changing any one changes the digest.
	muts := map[string]func(*Receipt){
		"job": func(r *Receipt) { r.Job = "j8" }, "frame": func(r *Receipt) { r.Frame++ }, "tile": func(r *Receipt) { r.Tile++ },
		"lease": func(r *Receipt) { r.LeaseEpoch++ }, "scene": func(r *Receipt) { r.SceneCID += "x" },
		"params": func(r *Receipt) { r.ParamsHash[0] ^= 1 }, "output": func(r *Receipt) { r.OutputCID += "x" },
		"samples": func(r *Receipt) { r.Samples++ }, "ms": func(r *Receipt) { r.RenderMS++ }, "engine": func(r *Receipt) { r.Engine = "vulkan" },
		"worker": func(r *Receipt) { r.Worker[19] ^= 1 }, "chain": func(r *Receipt) { r.ChainID++ },
	}
	for name, m := range muts {
		c := r
		m(&c)
		if c.Digest() == got {
			t.Errorf("changing %s leaves the digest the same", name)
		}
	}
}

func TestSignedReceiptVerifies(t *testing.T) {
	worker, _ := NewKey()
	coord, _ := NewKey()
	other, _ := NewKey()
	r := sampleReceipt(t, worker)
	sig, err := r.Sign(worker)
	if err != nil {
		t.Fatal(err)
	}
	if sig[64] != 27 && sig[64] != 28 {
		t.Fatalf("v = %d, want 27 or 28", sig[64])
	}
	s := Signed{Acceptance: Acceptance{Receipt: r, Price: 100, Fee: 2, AcceptedAt: 5}, WorkerSignature: sig}
	if err := s.Countersign(coord); err != nil {
		t.Fatal(err)
	}
	isCoord := func(a common.Address) bool { return a == coord.Address }
	if err := s.Verify(isCoord); err != nil {
		t.Fatalf("a good receipt fails: %v", err)
	}
	// Survives a JSON round trip, as receipt files do.
	b, _ := json.Marshal(s)
	var back Signed
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.Verify(isCoord); err != nil || back.ID() != s.ID() {
		t.Fatalf("after JSON: %v, id %s vs %s", err, back.ID(), s.ID())
	}
	forged, _ := r.Sign(other)
	cases := []struct {
		name string
		mut  func(*Signed)
		want string
	}{
		{"forged worker signature", func(s *Signed) { s.WorkerSignature = forged }, "not by its worker"},
		{"changed output", func(s *Signed) { s.Receipt.OutputCID = "bafkreielse" }, "not by its worker"},
		{"changed price", func(s *Signed) { s.Price = 1000 }, "not by the coordinator"},
		{"short signature", func(s *Signed) { s.WorkerSignature = sig[:64] }, "65"},
		{"unknown coordinator", func(s *Signed) { _ = s.Countersign(other) }, "not one of the farm's coordinators"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := s
			x.WorkerSignature = append([]byte(nil), s.WorkerSignature...)
			c.mut(&x)
			err := x.Verify(isCoord)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error with %q", err, c.want)
			}
		})
	}
}

func TestParseAddress(t *testing.T) {
	k, _ := NewKey()
	good := k.Address.Hex()
	for _, c := range []struct {
		in string
		ok bool
	}{
		{good, true}, {strings.ToLower(good), true}, {"0x" + strings.ToUpper(good[2:]), true},
		{good[:41], false}, {good[2:], false}, {"0xzz" + good[4:], false}, {"", false},
		{badChecksum(good), false},
	} {
		a, err := ParseAddress(c.in)
		if (err == nil) != c.ok {
			t.Errorf("ParseAddress(%q) = %v, %v; want ok=%v", c.in, a, err, c.ok)
		}
		if err == nil && a != k.Address {
			t.Errorf("ParseAddress(%q) = %s, want %s", c.in, a.Hex(), good)
		}
	}
}

func TestLoadKeyPersists(t *testing.T) {
	file := t.TempDir() + "/sub/key"
	a, err := LoadKey(file)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadKey(file)
	if err != nil || a.Address != b.Address {
		t.Fatalf("second load: %v, %s vs %s", err, b.Address.Hex(), a.Address.Hex())
	}
}

// badChecksum flips the case of one letter of a checksummed address.
func badChecksum(a string) string {
	b := []byte(a)
	for i := 2; i < len(b); i++ {
		if b[i] >= 'a' && b[i] <= 'f' {
			b[i] -= 'a' - 'A'
			return string(b)
		}
		if b[i] >= 'A' && b[i] <= 'F' {
			b[i] += 'a' - 'A'
			return string(b)
		}
	}
	return "0x" // all digits: not an address at all, still a failing case
}
