package chain

import (
	"encoding/binary"
	"strconv"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// The EIP-712 domain of every rendergrid signature. The chain id is the
// farm's (its embedded ledger's, or the EVM chain it settles on).
const (
	DomainName    = "rendergrid"
	DomainVersion = "1"
)

// EIP-712 type strings (encodeType). A nested struct's type is appended
// after the primary type's, as the standard orders them.
const (
	domainType     = "EIP712Domain(string name,string version,uint256 chainId)"
	receiptType    = "Receipt(string job,uint64 frame,uint64 tile,uint64 leaseEpoch,string sceneCid,bytes32 paramsHash,string outputCid,uint64 samples,uint64 renderMs,string engine,address worker,uint256 chainId)"
	acceptanceType = "Acceptance(Receipt receipt,uint256 price,uint256 fee,uint64 acceptedAt)" + receiptType
)

var (
	domainTypeHash     = crypto.Keccak256(([]byte)(domainType))
	receiptTypeHash    = crypto.Keccak256(([]byte)(receiptType))
	acceptanceTypeHash = crypto.Keccak256(([]byte)(acceptanceType))
	nameHash           = crypto.Keccak256(([]byte)(DomainName))
	versionHash        = crypto.Keccak256(([]byte)(DomainVersion))
)

// DomainSeparator is hashStruct(EIP712Domain) for chainID.
func DomainSeparator(chainID uint64) common.Hash {
	return crypto.Keccak256Hash(domainTypeHash, nameHash, versionHash, word(chainID))
}

// typedDigest is keccak256(0x19 0x01 || domainSeparator || structHash).
func typedDigest(chainID uint64, structHash []byte) common.Hash {
	d := DomainSeparator(chainID)
	return crypto.Keccak256Hash([]byte{0x19, 0x01}, d[:], structHash)
}

// word is v as a 32-byte big-endian ABI word.
func word(v uint64) []byte {
	var w [32]byte
	binary.BigEndian.PutUint64(w[24:], v)
	return w[:]
}

// typedData is the JSON of eth_signTypedData_v4.
type typedData struct {
	Types       map[string][]typedField `json:"types"`
	PrimaryType string                  `json:"primaryType"`
	Domain      map[string]any          `json:"domain"`
	Message     map[string]any          `json:"message"`
}

type typedField struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

var (
	domainFields  = []typedField{{"name", "string"}, {"version", "string"}, {"chainId", "uint256"}}
	receiptFields = []typedField{
		{"job", "string"}, {"frame", "uint64"}, {"tile", "uint64"}, {"leaseEpoch", "uint64"}, {"sceneCid", "string"},
		{"paramsHash", "bytes32"}, {"outputCid", "string"}, {"samples", "uint64"}, {"renderMs", "uint64"},
		{"engine", "string"}, {"worker", "address"}, {"chainId", "uint256"},
	}
	acceptanceFields = []typedField{{"receipt", "Receipt"}, {"price", "uint256"}, {"fee", "uint256"}, {"acceptedAt", "uint64"}}
)

func domainJSON(chainID uint64) map[string]any {
	return map[string]any{"name": DomainName, "version": DomainVersion, "chainId": dec(chainID)}
}

// dec writes integers as decimal strings, which every EIP-712 tool reads
// without float rounding.
func dec(v uint64) string { return strconv.FormatUint(v, 10) }
