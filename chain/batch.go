package chain

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// EIP-712 types of what the farm's signers sign for the escrow contract.
// Both name the contract, so a signature is good on one deployment only.
const (
	batchType      = "Batch(address escrow,bytes32 job,uint64 seq,bytes32 receipts,uint64 frames,address[] payees,uint256[] cumulative,bool close)"
	withdrawalType = "Withdrawal(address escrow,address to,uint256 amount,uint64 nonce)"
)

var (
	batchTypeHash      = crypto.Keccak256([]byte(batchType))
	withdrawalTypeHash = crypto.Keccak256([]byte(withdrawalType))
)

// Batch settles a job's accepted frames on chain in one transaction:
// Cumulative[i] is everything Payees[i] has earned on the job so far, so
// the contract pays the difference from what it paid before and a batch
// replayed or applied out of Seq order pays nothing. Receipts is the
// Merkle root of the receipt digests the batch adds (see MerkleRoot), the
// audit trail from a payment back to its frames.
type Batch struct {
	Escrow     common.Address   `json:"escrow"`
	Job        common.Hash      `json:"job"` // JobKey of the farm's job id
	Seq        uint64           `json:"seq"` // 1, 2, ... per job
	Receipts   common.Hash      `json:"receipts"`
	Frames     uint64           `json:"frames"` // receipts in the batch
	Payees     []common.Address `json:"payees"`
	Cumulative []uint64         `json:"cumulative"`
	Close      bool             `json:"close"` // the job's last batch: refund the rest
}

// Digest is the batch's EIP-712 digest on chainID.
func (b *Batch) Digest(chainID uint64) common.Hash {
	var payees, cum bytes.Buffer
	for _, p := range b.Payees {
		payees.Write(common.LeftPadBytes(p[:], 32))
	}
	for _, c := range b.Cumulative {
		cum.Write(word(c))
	}
	closeWord := word(0)
	if b.Close {
		closeWord = word(1)
	}
	return typedDigest(chainID, crypto.Keccak256(batchTypeHash, common.LeftPadBytes(b.Escrow[:], 32), b.Job[:],
		word(b.Seq), b.Receipts[:], word(b.Frames), crypto.Keccak256(payees.Bytes()), crypto.Keccak256(cum.Bytes()), closeWord))
}

// Withdrawal is a voucher that pays an embedded-ledger balance out of the
// escrow contract's deposits, once per Nonce.
type Withdrawal struct {
	Escrow common.Address `json:"escrow"`
	To     common.Address `json:"to"`
	Amount uint64         `json:"amount"`
	Nonce  uint64         `json:"nonce"`
}

// Digest is the voucher's EIP-712 digest on chainID.
func (w *Withdrawal) Digest(chainID uint64) common.Hash {
	return typedDigest(chainID, crypto.Keccak256(withdrawalTypeHash, common.LeftPadBytes(w.Escrow[:], 32),
		common.LeftPadBytes(w.To[:], 32), word(w.Amount), word(w.Nonce)))
}

// JobKey is a farm job's key in the escrow contract: keccak256 of its id.
func JobKey(job string) common.Hash { return crypto.Keccak256Hash([]byte(job)) }

// FrameKey names frame of job in the NFT contract, which mints it once.
func FrameKey(job string, frame int) common.Hash {
	return crypto.Keccak256Hash([]byte(job + "/" + strconv.Itoa(frame)))
}

// MerkleRoot is the root of a Merkle tree over leaves with sorted-pair
// hashing (keccak256 of the smaller then the larger), the convention of
// OpenZeppelin's MerkleProof, so a leaf's inclusion can be proved on chain.
// An odd node is carried up unchanged; no leaves give the zero hash.
func MerkleRoot(leaves []common.Hash) common.Hash {
	if len(leaves) == 0 {
		return common.Hash{}
	}
	level := append([]common.Hash(nil), leaves...)
	sort.Slice(level, func(i, j int) bool { return bytes.Compare(level[i][:], level[j][:]) < 0 })
	for len(level) > 1 {
		next := level[:0:0]
		for i := 0; i < len(level); i += 2 {
			if i+1 == len(level) {
				next = append(next, level[i])
				continue
			}
			a, b := level[i], level[i+1]
			if bytes.Compare(a[:], b[:]) > 0 {
				a, b = b, a
			}
			next = append(next, crypto.Keccak256Hash(a[:], b[:]))
		}
		level = next
	}
	return level[0]
}

// Check reports a malformed batch.
func (b *Batch) Check() error {
	if len(b.Payees) != len(b.Cumulative) {
		return fmt.Errorf("batch has %d payees and %d amounts", len(b.Payees), len(b.Cumulative))
	}
	if b.Seq == 0 {
		return fmt.Errorf("batch sequence numbers start at 1")
	}
	return nil
}
