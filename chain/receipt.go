package chain

import (
	"fmt"
	"strconv"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// Receipt is what a worker signs when it reports a rendered frame (or
// tile): EIP-712 typed data, so that any EIP-712 tool can show and verify
// it.
type Receipt struct {
	Job        string         `json:"job"`
	Frame      uint64         `json:"frame"`
	Tile       uint64         `json:"tile"`
	LeaseEpoch uint64         `json:"leaseEpoch"` // the lease id: the fencing epoch
	SceneCID   string         `json:"sceneCid"`
	ParamsHash common.Hash    `json:"paramsHash"` // Params.Hash of what was asked
	OutputCID  string         `json:"outputCid"`
	Samples    uint64         `json:"samples"`  // camera paths traced
	RenderMS   uint64         `json:"renderMs"` // render time in milliseconds
	Engine     string         `json:"engine"`
	Worker     common.Address `json:"worker"`
	ChainID    uint64         `json:"chainId"`
}

// StructHash is EIP-712 hashStruct(Receipt).
func (r *Receipt) StructHash() []byte {
	return crypto.Keccak256(receiptTypeHash,
		crypto.Keccak256([]byte(r.Job)), word(r.Frame), word(r.Tile), word(r.LeaseEpoch),
		crypto.Keccak256([]byte(r.SceneCID)), r.ParamsHash[:], crypto.Keccak256([]byte(r.OutputCID)),
		word(r.Samples), word(r.RenderMS), crypto.Keccak256([]byte(r.Engine)),
		common.LeftPadBytes(r.Worker[:], 32), word(r.ChainID))
}

// Digest is the EIP-712 digest the worker signs; it is also the receipt's
// id, by which settlement is idempotent.
func (r *Receipt) Digest() common.Hash { return typedDigest(r.ChainID, r.StructHash()) }

// Sign signs the receipt with the worker's key.
func (r *Receipt) Sign(k *Key) ([]byte, error) {
	d := r.Digest()
	return k.Sign(d[:])
}

// Verify checks that sig is the receipt's worker's signature.
func (r *Receipt) Verify(sig []byte) error {
	d := r.Digest()
	got, err := Recover(d[:], sig)
	if err != nil {
		return fmt.Errorf("receipt signature: %w", err)
	}
	if got != r.Worker {
		return fmt.Errorf("receipt is signed by %s, not by its worker %s", got.Hex(), r.Worker.Hex())
	}
	return nil
}

func (r *Receipt) message() map[string]any {
	return map[string]any{
		"job": r.Job, "frame": dec(r.Frame), "tile": dec(r.Tile), "leaseEpoch": dec(r.LeaseEpoch),
		"sceneCid": r.SceneCID, "paramsHash": r.ParamsHash.Hex(), "outputCid": r.OutputCID,
		"samples": dec(r.Samples), "renderMs": dec(r.RenderMS), "engine": r.Engine,
		"worker": r.Worker.Hex(), "chainId": dec(r.ChainID),
	}
}

// TypedData is the receipt as eth_signTypedData_v4 JSON.
func (r *Receipt) TypedData() any {
	return typedData{
		Types:       map[string][]typedField{"EIP712Domain": domainFields, "Receipt": receiptFields},
		PrimaryType: "Receipt", Domain: domainJSON(r.ChainID), Message: r.message(),
	}
}

// Acceptance is what the coordinator signs when it accepts a receipt: the
// receipt and what its settlement moved.
type Acceptance struct {
	Receipt    Receipt `json:"receipt"`
	Price      uint64  `json:"price"`      // taken from the job's escrow, base units
	Fee        uint64  `json:"fee"`        // of Price, to the network treasury
	AcceptedAt uint64  `json:"acceptedAt"` // unix milliseconds
}

// Digest is the EIP-712 digest of the acceptance.
func (a *Acceptance) Digest() common.Hash {
	return typedDigest(a.Receipt.ChainID, crypto.Keccak256(acceptanceTypeHash,
		a.Receipt.StructHash(), word(a.Price), word(a.Fee), word(a.AcceptedAt)))
}

// TypedData is the acceptance as eth_signTypedData_v4 JSON.
func (a *Acceptance) TypedData() any {
	return typedData{
		Types: map[string][]typedField{
			"EIP712Domain": domainFields, "Receipt": receiptFields, "Acceptance": acceptanceFields,
		},
		PrimaryType: "Acceptance", Domain: domainJSON(a.Receipt.ChainID),
		Message: map[string]any{
			"receipt": a.Receipt.message(), "price": dec(a.Price), "fee": dec(a.Fee), "acceptedAt": dec(a.AcceptedAt),
		},
	}
}

// Signed is a completed receipt: the worker's signed receipt and the
// coordinator's signed acceptance of it. It is the proof a third party
// checks a payment against.
type Signed struct {
	Acceptance
	WorkerSignature      hexutil.Bytes  `json:"workerSignature"`
	Coordinator          common.Address `json:"coordinator,omitempty"`
	CoordinatorSignature hexutil.Bytes  `json:"coordinatorSignature,omitempty"`
}

// ID is the receipt's digest, in hex.
func (s *Signed) ID() string { return s.Receipt.Digest().Hex() }

// Countersign signs the acceptance with the coordinator's key.
func (s *Signed) Countersign(k *Key) error {
	d := s.Acceptance.Digest()
	sig, err := k.Sign(d[:])
	if err != nil {
		return err
	}
	s.Coordinator, s.CoordinatorSignature = k.Address, sig
	return nil
}

// Verify checks both signatures; coordinator, if not nil, says whether an
// address is one of the farm's coordinators.
func (s *Signed) Verify(coordinator func(common.Address) bool) error {
	if err := s.Receipt.Verify(s.WorkerSignature); err != nil {
		return err
	}
	d := s.Acceptance.Digest()
	got, err := Recover(d[:], s.CoordinatorSignature)
	if err != nil {
		return fmt.Errorf("acceptance signature: %w", err)
	}
	if got != s.Coordinator {
		return fmt.Errorf("acceptance is signed by %s, not by the coordinator %s it names", got.Hex(), s.Coordinator.Hex())
	}
	if coordinator != nil && !coordinator(got) {
		return fmt.Errorf("acceptance is signed by %s, which is not one of the farm's coordinators", got.Hex())
	}
	if s.Fee > s.Price {
		return fmt.Errorf("acceptance fee %d is more than its price %d", s.Fee, s.Price)
	}
	return nil
}

// Params are the render parameters a receipt commits to, through their
// hash.
type Params struct {
	Width, Height, SPP, MaxBounces int
	Seed                           uint32
	Camera                         string
	FPS                            float64
	Region                         [4]int // x0, y0, x1, y1; zero: the whole frame
	// Work is the canonical text of an AI frame's own inputs (the image
	// upscaled, the prompt and seed); empty for 3-D frames.
	Work string
	// Lighting is the canonical text of the lighting beyond the scene file
	// (environment map CID, strength, rotation, background, film); empty
	// when there is none.
	Lighting string
	// Output is the canonical text of the output's passes, denoising and
	// adaptive sampling; empty when there are none.
	Output string
}

// Hash is keccak256 of the parameters' canonical text.
func (p Params) Hash() common.Hash {
	s := "rendergrid/params/v1 " + strconv.Itoa(p.Width) + "x" + strconv.Itoa(p.Height) +
		" spp=" + strconv.Itoa(p.SPP) + " bounces=" + strconv.Itoa(p.MaxBounces) +
		" seed=" + strconv.FormatUint(uint64(p.Seed), 10) + " camera=" + strconv.Quote(p.Camera) +
		" fps=" + strconv.FormatFloat(p.FPS, 'g', -1, 64) +
		fmt.Sprintf(" region=%d,%d,%d,%d", p.Region[0], p.Region[1], p.Region[2], p.Region[3])
	if p.Work != "" {
		s += " work=" + strconv.Quote(p.Work)
	}
	if p.Lighting != "" {
		s += " lighting=" + strconv.Quote(p.Lighting)
	}
	if p.Output != "" {
		s += " output=" + strconv.Quote(p.Output)
	}
	return crypto.Keccak256Hash([]byte(s))
}
