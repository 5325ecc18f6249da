// Code generated - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package contracts

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/event"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = errors.New
	_ = big.NewInt
	_ = strings.NewReader
	_ = ethereum.NotFound
	_ = bind.Bind
	_ = common.Big1
	_ = types.BloomLookup
	_ = event.NewSubscription
	_ = abi.ConvertType
	_ = time.Tick
	_ = context.Background
)

// RenderEscrowAcceptance is an auto generated low-level Go binding around an user-defined struct.
type RenderEscrowAcceptance struct {
	Receipt    RenderEscrowReceipt
	Price      *big.Int
	Fee        *big.Int
	AcceptedAt uint64
}

// RenderEscrowReceipt is an auto generated low-level Go binding around an user-defined struct.
type RenderEscrowReceipt struct {
	Job        string
	Frame      uint64
	Tile       uint64
	LeaseEpoch uint64
	SceneCid   string
	ParamsHash [32]byte
	OutputCid  string
	Samples    uint64
	RenderMs   uint64
	Engine     string
	Worker     common.Address
	ChainId    *big.Int
}

// RenderEscrowMetaData contains all meta data concerning the RenderEscrow contract.
var RenderEscrowMetaData = &bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"token_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"treasury_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"nft_\",\"type\":\"address\"},{\"internalType\":\"address[]\",\"name\":\"signers_\",\"type\":\"address[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"}],\"name\":\"AlreadySettled\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"want\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"got\",\"type\":\"uint64\"}],\"name\":\"BadSequence\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"payee\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"paid\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"cumulative\",\"type\":\"uint256\"}],\"name\":\"CumulativeDecreased\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ECDSAInvalidSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"ECDSAInvalidSignatureLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"s\",\"type\":\"bytes32\"}],\"name\":\"ECDSAInvalidSignatureS\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"funded\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"wouldSpend\",\"type\":\"uint256\"}],\"name\":\"EscrowExhausted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"price\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"fee\",\"type\":\"uint256\"}],\"name\":\"FeeOverPrice\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"}],\"name\":\"JobClosed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"}],\"name\":\"JobNotFunded\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"}],\"name\":\"JobSettlesInBatches\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"payees\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"cumulative\",\"type\":\"uint256\"}],\"name\":\"LengthMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"NotJobOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"reserve\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"ReserveTooLow\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"at\",\"type\":\"uint256\"}],\"name\":\"TooEarly\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"recovered\",\"type\":\"address\"}],\"name\":\"UnknownSigner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"}],\"name\":\"VoucherUsed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"recovered\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"worker\",\"type\":\"address\"}],\"name\":\"WorkerSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"receiptChain\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"chain\",\"type\":\"uint256\"}],\"name\":\"WrongChain\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAmount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"refund\",\"type\":\"uint256\"}],\"name\":\"Closed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Deposited\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"funded\",\"type\":\"uint256\"}],\"name\":\"Funded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"worker\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"price\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"fee\",\"type\":\"uint256\"}],\"name\":\"ReceiptSettled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"receipts\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"frames\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Settled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"allowed\",\"type\":\"bool\"}],\"name\":\"SignerSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Withdrawn\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"RECLAIM_AFTER\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"deposits\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"fund\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"job\",\"type\":\"string\"}],\"name\":\"jobKey\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"jobs\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"fundedAt\",\"type\":\"uint64\"},{\"internalType\":\"bool\",\"name\":\"closed\",\"type\":\"bool\"},{\"internalType\":\"uint256\",\"name\":\"funded\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"spent\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nft\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"paid\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"}],\"name\":\"reclaim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"reserve\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"allowed\",\"type\":\"bool\"}],\"name\":\"setSigner\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"components\":[{\"internalType\":\"string\",\"name\":\"job\",\"type\":\"string\"},{\"internalType\":\"uint64\",\"name\":\"frame\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"tile\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"leaseEpoch\",\"type\":\"uint64\"},{\"internalType\":\"string\",\"name\":\"sceneCid\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"paramsHash\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"outputCid\",\"type\":\"string\"},{\"internalType\":\"uint64\",\"name\":\"samples\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"renderMs\",\"type\":\"uint64\"},{\"internalType\":\"string\",\"name\":\"engine\",\"type\":\"string\"},{\"internalType\":\"address\",\"name\":\"worker\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"}],\"internalType\":\"structRenderEscrow.Receipt\",\"name\":\"receipt\",\"type\":\"tuple\"},{\"internalType\":\"uint256\",\"name\":\"price\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"fee\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"acceptedAt\",\"type\":\"uint64\"}],\"internalType\":\"structRenderEscrow.Acceptance\",\"name\":\"a\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"workerSignature\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"signerSignature\",\"type\":\"bytes\"}],\"name\":\"settle\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"job\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"receipts\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"frames\",\"type\":\"uint64\"},{\"internalType\":\"address[]\",\"name\":\"payees\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"cumulative\",\"type\":\"uint256[]\"},{\"internalType\":\"bool\",\"name\":\"close\",\"type\":\"bool\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"name\":\"settleBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"settled\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"signers\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"token\",\"outputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"treasury\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"name\":\"withdrawn\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	Bin: "0x610100604052348015610010575f5ffd5b5060405161256838038061256883398101604081905261002f91610156565b6001600160a01b038085166080523360a05283811660c052821660e0525f5b81518110156101115760015f5f84848151811061006d5761006d61025a565b60200260200101516001600160a01b03166001600160a01b031681526020019081526020015f205f6101000a81548160ff0219169083151502179055508181815181106100bc576100bc61025a565b60200260200101516001600160a01b03167ffc4acb499491cd850a8a21ab98c7f128850c0f0e5f1a875a62b7fa055c2ecf196001604051610101911515815260200190565b60405180910390a260010161004e565b505050505061026e565b6001600160a01b038116811461012f575f5ffd5b50565b805161013d8161011b565b919050565b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f60808587031215610169575f5ffd5b84516101748161011b565b60208601519094506101858161011b565b60408601519093506101968161011b565b60608601519092506001600160401b038111156101b1575f5ffd5b8501601f810187136101c1575f5ffd5b80516001600160401b038111156101da576101da610142565b604051600582901b90603f8201601f191681016001600160401b038111828210171561020857610208610142565b60405291825260208184018101929081018a841115610225575f5ffd5b6020850194505b8385101561024b5761023d85610132565b81526020948501940161022c565b50969995985093965050505050565b634e487b7160e01b5f52603260045260245ffd5b60805160a05160c05160e0516122816102e75f395f61021501525f818161025401528181610695015261076801525f8181610303015261080f01525f81816103da015281816107080152818161074601528181610cd101528181610ef401528181611066015281816116e4015261177301526122815ff3fe608060405234801561000f575f5ffd5b5060043610610127575f3560e01c80638da5cb5b116100a9578063d76f8e801161006e578063d76f8e8014610376578063d945af1d146103a0578063e46bbc9e146103c2578063fc0c546a146103d5578063fc7e286d146103fc575f5ffd5b80638da5cb5b146102fe57806396afb36514610325578063b6b55f2514610338578063c7e1f4ae1461034b578063cd3293de1461036d575f5ffd5b806361d027b3116100ef57806361d027b31461024f5780636ab5ad42146102765780636f79405d146102a8578063736c0d5b146102bb578063839a49a4146102dd575f5ffd5b80631b812a391461012b57806331cb610514610140578063355b73621461015357806338ed7cfc1461016657806347ccca0214610210575b5f5ffd5b61013e610139366004611d4d565b610424565b005b61013e61014e366004611e12565b610804565b61013e610161366004611e99565b6108ab565b6101c5610174366004611f7c565b600160208190525f918252604090912080549181015460028201546003909201546001600160a01b03841693600160a01b90046001600160401b039081169390831692600160401b900460ff169186565b604080516001600160a01b039790971687526001600160401b039586166020880152939094169285019290925215156060840152608083015260a082015260c0015b60405180910390f35b6102377f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610207565b6102377f000000000000000000000000000000000000000000000000000000000000000081565b610298610284366004611f93565b60066020525f908152604090205460ff1681565b6040519015158152602001610207565b61013e6102b6366004611fb3565b610b17565b6102986102c9366004611fff565b5f6020819052908152604090205460ff1681565b6102f06102eb366004612018565b610d4d565b604051908152602001610207565b6102377f000000000000000000000000000000000000000000000000000000000000000081565b61013e610333366004611f7c565b610d6f565b61013e610346366004611f7c565b610e66565b61035562278d0081565b6040516001600160401b039091168152602001610207565b6102f060045481565b6102f0610384366004612056565b600260209081525f928352604080842090915290825290205481565b6102986103ae366004611f7c565b60036020525f908152604090205460ff1681565b61013e6103d0366004612077565b610f60565b6102377f000000000000000000000000000000000000000000000000000000000000000081565b61035561040a366004611fff565b60056020525f90815260409020546001600160401b031681565b3661042f8680612097565b90504681610160013514610468576040516324497bc360e01b815261016082013560048201524660248201526044015b60405180910390fd5b8560200135866040013511156104a15760408051630e4405cb60e11b81526020880135600482015290870135602482015260440161045f565b5f6104ac82806120b6565b6040516104ba9291906120f8565b60408051918290039091205f8181526001602052919091208054919250906001600160a01b0316610501576040516328cb732760e21b81526004810183905260240161045f565b6001810154600160401b900460ff1615610531576040516343e3664160e11b81526004810183905260240161045f565b8054600160a01b90046001600160401b03161561056457604051633eb6920960e01b81526004810183905260240161045f565b5f61057289898989896110e7565b5f8181526003602052604090205490915060ff16156105a7576040516358cb522560e11b81526004810182905260240161045f565b5f8181526003602081815260408320805460ff19166001179055908401546105d2918c01359061211b565b90508260020154811115610610576002830154604051633693c37360e01b81526004810186905260248101919091526044810182905260640161045f565b6003830181905561062960408b013560208c013561212e565b5f8581526002602052604081209061064961016089016101408a01611fff565b6001600160a01b03166001600160a01b031681526020019081526020015f205f828254610676919061211b565b90915550505f8481526002602090815260408083206001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001684529091528082208054918d01359290916106d190849061211b565b9091555061072f90506106ec61016087016101408801611fff565b6106fe60408d013560208e013561212e565b6001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001691906112d1565b60408a013515610791576107916001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000167f000000000000000000000000000000000000000000000000000000000000000060408d01356112d1565b6107a361016086016101408701611fff565b6001600160a01b031684837fc429078b36d592f1bf76c1f12f1ca4c553be70723c2ad50d40a444e32b7ec06d8d602001358e604001356040516107f0929190918252602082015260400190565b60405180910390a450505050505050505050565b336001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161461084f5760405163245aecd360e01b815233600482015260240161045f565b6001600160a01b0382165f8181526020818152604091829020805460ff191685151590811790915591519182527ffc4acb499491cd850a8a21ab98c7f128850c0f0e5f1a875a62b7fa055c2ecf19910160405180910390a25050565b8584146108d5576040516355c5b3e360e11b8152600481018790526024810185905260440161045f565b5f8b815260016020526040902080546001600160a01b031661090d576040516328cb732760e21b8152600481018d905260240161045f565b6001810154600160401b900460ff161561093d576040516343e3664160e11b8152600481018d905260240161045f565b805461095a90600160a01b90046001600160401b03166001612141565b6001600160401b03168b6001600160401b0316146109c55780548c9061099190600160a01b90046001600160401b03166001612141565b604051636721f8c360e11b815260048101929092526001600160401b0390811660248301528c16604482015260640161045f565b5f610a156109da8e8e8e8e8e8e8e8e8e611335565b85858080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061142092505050565b6001600160a01b0381165f9081526020819052604090205490915060ff16610a5b57604051636bf4516160e11b81526001600160a01b038216600482015260240161045f565b5f610a6a8e848c8c8c8c611448565b90508c835f0160146101000a8154816001600160401b0302191690836001600160401b031602179055508d7f054e20474324d57f42e56bb4102a6368bb9489766ac437dec883cbaa61e89ec78e8e8e85604051610aef94939291906001600160401b039485168152602081019390935292166040820152606081019190915260800190565b60405180910390a28515610b0757610b078e84611722565b5050505050505050505050505050565b6001600160401b0383165f9081526006602052604090205460ff1615610b5b57604051637b7732d360e01b81526001600160401b038416600482015260240161045f565b604080517f2df962085dc1447c866f024696a4fe79e65d8b346552b64cee4b97c8b9dd34cb602082015230918101919091526001600160a01b0386166060820152608081018590526001600160401b03841660a08201525f90610c1690610bdb9060c0015b604051602081830303815290604052805190602001206117db565b84848080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061142092505050565b6001600160a01b0381165f9081526020819052604090205490915060ff16610c5c57604051636bf4516160e11b81526001600160a01b038216600482015260240161045f565b846004541015610c8a5760048054604051633c7f295360e11b8152918201526024810186905260440161045f565b6001600160401b0384165f908152600660205260408120805460ff1916600117905560048054879290610cbe90849061212e565b90915550610cf890506001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001687876112d1565b836001600160401b0316866001600160a01b03167fdc4891ef1b4edf9f4b306c40c2d7eac8e990bef9701d3f5aeb5085d2ce94b85987604051610d3d91815260200190565b60405180910390a3505050505050565b5f8282604051610d5e9291906120f8565b604051809103902090505b92915050565b5f81815260016020526040902080546001600160a01b03163314610dbb578054604051634b8474e560e01b8152600481018490526001600160a01b03909116602482015260440161045f565b6001810154600160401b900460ff1615610deb576040516343e3664160e11b81526004810183905260240161045f565b6001810154610e079062278d00906001600160401b0316612141565b6001600160401b0316421015610e58576001810154610e339062278d00906001600160401b0316612141565b604051630a8d68c960e21b81526001600160401b03909116600482015260240161045f565b610e628282611722565b5050565b805f03610e8657604051631f2a200560e01b815260040160405180910390fd5b335f90815260056020526040812080546001600160401b03169082610eaa83612160565b91906101000a8154816001600160401b0302191690836001600160401b0316021790555090508160045f828254610ee1919061211b565b90915550610f1c90506001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000163330856118a8565b6040518281526001600160401b0382169033907f50d94313f2687fe453a1b3e5c0d110101e0dc1fb63aea4615f2afa97a752541b9060200160405180910390a35050565b805f03610f8057604051631f2a200560e01b815260040160405180910390fd5b5f82815260016020526040902080546001600160a01b0316610fd15780546001600160a01b031916331781556001810180546001600160401b03421667ffffffffffffffff19909116179055611010565b80546001600160a01b03163314611010578054604051634b8474e560e01b8152600481018590526001600160a01b03909116602482015260440161045f565b6001810154600160401b900460ff1615611040576040516343e3664160e11b81526004810184905260240161045f565b81816002015f828254611053919061211b565b9091555061108e90506001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000163330856118a8565b805460028201546040516001600160a01b039092169185917f4bcda3b85131fc5aa24f415efaad370efc678d3800457997c2fc2af2957a3557916110da91878252602082015260400190565b60405180910390a3505050565b5f806110fb6110f68880612097565b6118e7565b9050611106816117db565b91505f6111488388888080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061142092505050565b90506111548880612097565b6111679061016081019061014001611fff565b6001600160a01b0316816001600160a01b0316146111c9578061118a8980612097565b61119d9061016081019061014001611fff565b60405163b5e12b1f60e01b81526001600160a01b0392831660048201529116602482015260440161045f565b5f61127f6112447f31c58d15549c10938702c6a6bc7a5a2f7d7b6e01ebd6a5dce560b85b36113d1f858c602001358d604001358e606001602081019061120f9190611f93565b604080516020810196909652850193909352606084019190915260808301526001600160401b031660a082015260c001610bc0565b87878080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061142092505050565b6001600160a01b0381165f9081526020819052604090205490915060ff166112c557604051636bf4516160e11b81526001600160a01b038216600482015260240161045f565b50505095945050505050565b6040516001600160a01b0383811660248301526044820183905261133091859182169063a9059cbb906064015b604051602081830303815290604052915060e01b6020820180516001600160e01b038381831617835250505050611ad4565b505050565b5f6114127f31778b4afb70a8c22b9dc3629db58c394101717bae437a21d4b3bdc720ec811c308c8c8c8c8c8c60405160200161137292919061218a565b604051602081830303815290604052805190602001208b8b60405160200161139b9291906121c9565b60408051601f198184030181528282528051602091820120908301999099526001600160a01b039097169681019690965260608601949094526001600160401b03928316608086015260a08501919091521660c083015260e082015261010081019190915283151561012082015261014001610bc0565b9a9950505050505050505050565b5f5f5f5f61142e8686611b40565b92509250925061143e8282611b89565b5090949350505050565b5f868152600260205260408120815b85811015611578575f825f898985818110611474576114746121f0565b90506020020160208101906114899190611fff565b6001600160a01b03166001600160a01b031681526020019081526020015f20549050808686848181106114be576114be6121f0565b90506020020135101561153f578787838181106114dd576114dd6121f0565b90506020020160208101906114f29190611fff565b81878785818110611505576115056121f0565b6040516308e84e3760e21b81526001600160a01b03909516600486015260248501939093525060209091020135604482015260640161045f565b80868684818110611552576115526121f0565b90506020020135611563919061212e565b61156d908561211b565b935050600101611457565b505f82886003015461158a919061211b565b905087600201548111156115c8576002880154604051633693c37360e01b8152600481018b905260248101919091526044810182905260640161045f565b600388018190555f5b86811015611715575f835f8a8a858181106115ee576115ee6121f0565b90506020020160208101906116039190611fff565b6001600160a01b03166001600160a01b031681526020019081526020015f2054878784818110611635576116356121f0565b90506020020135611646919061212e565b9050805f03611655575061170d565b868683818110611667576116676121f0565b90506020020135845f8b8b86818110611682576116826121f0565b90506020020160208101906116979190611fff565b6001600160a01b0316815260208101919091526040015f205561170b8989848181106116c5576116c56121f0565b90506020020160208101906116da9190611fff565b6001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001690836112d1565b505b6001016115d1565b5050509695505050505050565b60018101805468ff00000000000000001916600160401b179055600381015460028201545f916117519161212e565b600283015460038401559050801561179c57815461179c906001600160a01b037f000000000000000000000000000000000000000000000000000000000000000081169116836112d1565b827f1ebdf03e021c53ac580a5963cff85b3575827abc2b414b73c371a959d8bf0857826040516117ce91815260200190565b60405180910390a2505050565b604080517fc2f8787176b8ac6bf7215b4adcc1e069bf4ab82d9ab1df05a57a91d425935b6e6020808301919091527fd3ef00eca69a0c2a1d3dcf637245cfef9a265417823cc5f51d624882cb5df544828401527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc66060830152466080808401919091528351808403909101815260a08301845280519082012061190160f01b60c084015260c283015260e28083019490945282518083039094018452610102909101909152815191012090565b6040516001600160a01b0384811660248301528381166044830152606482018390526118e19186918216906323b872dd906084016112fe565b50505050565b5f7ffadc6666a61c21b80eceda8b088c8f8d492aa761ee759c6f2f32dabbd46d482761191383806120b6565b6040516119219291906120f8565b604051809103902083602001602081019061193c9190611f93565b61194c6060860160408701611f93565b61195c6080870160608801611f93565b61196960808801886120b6565b6040516119779291906120f8565b6040805191829003822060208301979097528101949094526001600160401b03928316606085015290821660808401521660a08083019190915260c08201929092529083013560e08201526101000160408051601f198184030181529190526119e360c08401846120b6565b6040516119f19291906120f8565b604051908190039020611a0b610100850160e08601611f93565b611a1d61012086016101008701611f93565b611a2b6101208701876120b6565b604051611a399291906120f8565b604051908190039020611a5461016088016101408901611fff565b6040805160208101969096526001600160401b039485169086015292909116606084015260808301526001600160a01b031660a082015261016084013560c082015260e00160408051601f1981840301815290829052611ab7929160200161221b565b604051602081830303815290604052805190602001209050919050565b5f5f60205f8451602086015f885af180611af3576040513d5f823e3d81fd5b50505f513d91508115611b0a578060011415611b17565b6001600160a01b0384163b155b156118e157604051635274afe760e01b81526001600160a01b038516600482015260240161045f565b5f5f5f8351604103611b77576020840151604085015160608601515f1a611b6988828585611c41565b955095509550505050611b82565b505081515f91506002905b9250925092565b5f826003811115611b9c57611b9c612237565b03611ba5575050565b6001826003811115611bb957611bb9612237565b03611bd75760405163f645eedf60e01b815260040160405180910390fd5b6002826003811115611beb57611beb612237565b03611c0c5760405163fce698f760e01b81526004810182905260240161045f565b6003826003811115611c2057611c20612237565b03610e62576040516335e2f38360e21b81526004810182905260240161045f565b5f80807f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0841115611c7a57505f91506003905082611cff565b604080515f808252602082018084528a905260ff891692820192909252606081018790526080810186905260019060a0016020604051602081039080840390855afa158015611ccb573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b038116611cf657505f925060019150829050611cff565b92505f91508190505b9450945094915050565b5f5f83601f840112611d19575f5ffd5b5081356001600160401b03811115611d2f575f5ffd5b602083019150836020828501011115611d46575f5ffd5b9250929050565b5f5f5f5f5f60608688031215611d61575f5ffd5b85356001600160401b03811115611d76575f5ffd5b860160808189031215611d87575f5ffd5b945060208601356001600160401b03811115611da1575f5ffd5b611dad88828901611d09565b90955093505060408601356001600160401b03811115611dcb575f5ffd5b611dd788828901611d09565b969995985093965092949392505050565b80356001600160a01b0381168114611dfe575f5ffd5b919050565b80358015158114611dfe575f5ffd5b5f5f60408385031215611e23575f5ffd5b611e2c83611de8565b9150611e3a60208401611e03565b90509250929050565b80356001600160401b0381168114611dfe575f5ffd5b5f5f83601f840112611e69575f5ffd5b5081356001600160401b03811115611e7f575f5ffd5b6020830191508360208260051b8501011115611d46575f5ffd5b5f5f5f5f5f5f5f5f5f5f5f6101008c8e031215611eb4575f5ffd5b8b359a50611ec460208d01611e43565b995060408c01359850611ed960608d01611e43565b975060808c01356001600160401b03811115611ef3575f5ffd5b611eff8e828f01611e59565b90985096505060a08c01356001600160401b03811115611f1d575f5ffd5b611f298e828f01611e59565b9096509450611f3c905060c08d01611e03565b925060e08c01356001600160401b03811115611f56575f5ffd5b611f628e828f01611d09565b915080935050809150509295989b509295989b9093969950565b5f60208284031215611f8c575f5ffd5b5035919050565b5f60208284031215611fa3575f5ffd5b611fac82611e43565b9392505050565b5f5f5f5f5f60808688031215611fc7575f5ffd5b611fd086611de8565b945060208601359350611fe560408701611e43565b925060608601356001600160401b03811115611dcb575f5ffd5b5f6020828403121561200f575f5ffd5b611fac82611de8565b5f5f60208385031215612029575f5ffd5b82356001600160401b0381111561203e575f5ffd5b61204a85828601611d09565b90969095509350505050565b5f5f60408385031215612067575f5ffd5b82359150611e3a60208401611de8565b5f5f60408385031215612088575f5ffd5b50508035926020909101359150565b5f823561017e198336030181126120ac575f5ffd5b9190910192915050565b5f5f8335601e198436030181126120cb575f5ffd5b8301803591506001600160401b038211156120e4575f5ffd5b602001915036819003821315611d46575f5ffd5b818382375f9101908152919050565b634e487b7160e01b5f52601160045260245ffd5b80820180821115610d6957610d69612107565b81810381811115610d6957610d69612107565b6001600160401b038181168382160190811115610d6957610d69612107565b5f6001600160401b0382166001600160401b03810361218157612181612107565b60010192915050565b5f8184825b858110156121be576001600160a01b036121a883611de8565b168352602092830192919091019060010161218f565b509095945050505050565b5f6001600160fb1b038311156121dd575f5ffd5b8260051b80858437919091019392505050565b634e487b7160e01b5f52603260045260245ffd5b5f81518060208401855e5f93019283525090919050565b5f61222f6122298386612204565b84612204565b949350505050565b634e487b7160e01b5f52602160045260245ffdfea2646970667358221220bd3b823f22d83ea67085f8eb4b5b05cc4eaa71eeb9123d7de9842376a76ac08464736f6c634300081e0033",
}

// RenderEscrowABI is the input ABI used to generate the binding from.
// Deprecated: Use RenderEscrowMetaData.ABI instead.
var RenderEscrowABI = RenderEscrowMetaData.ABI

// RenderEscrowBin is the compiled bytecode used for deploying new contracts.
// Deprecated: Use RenderEscrowMetaData.Bin instead.
var RenderEscrowBin = RenderEscrowMetaData.Bin

// DeployRenderEscrow deploys a new Ethereum contract, binding an instance of RenderEscrow to it.
func DeployRenderEscrow(auth *bind.TransactOpts, backend bind.ContractBackend, token_ common.Address, treasury_ common.Address, nft_ common.Address, signers_ []common.Address) (common.Address, *types.Transaction, *RenderEscrow, error) {
	parsed, err := RenderEscrowMetaData.GetAbi()
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	if parsed == nil {
		return common.Address{}, nil, nil, errors.New("GetABI returned nil")
	}

	address, tx, contract, err := bind.DeployContract(auth, *parsed, common.FromHex(RenderEscrowBin), backend, token_, treasury_, nft_, signers_)
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	return address, tx, &RenderEscrow{RenderEscrowCaller: RenderEscrowCaller{contract: contract}, RenderEscrowTransactor: RenderEscrowTransactor{contract: contract}, RenderEscrowFilterer: RenderEscrowFilterer{contract: contract}}, nil
}

// RenderEscrow is an auto generated Go binding around an Ethereum contract.
type RenderEscrow struct {
	RenderEscrowCaller     // Read-only binding to the contract
	RenderEscrowTransactor // Write-only binding to the contract
	RenderEscrowFilterer   // Log filterer for contract events
}

// RenderEscrowCaller is an auto generated read-only Go binding around an Ethereum contract.
type RenderEscrowCaller struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RenderEscrowTransactor is an auto generated write-only Go binding around an Ethereum contract.
type RenderEscrowTransactor struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RenderEscrowFilterer is an auto generated log filtering Go binding around an Ethereum contract events.
type RenderEscrowFilterer struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RenderEscrowSession is an auto generated Go binding around an Ethereum contract,
// with pre-set call and transact options.
type RenderEscrowSession struct {
	Contract     *RenderEscrow     // Generic contract binding to set the session for
	CallOpts     bind.CallOpts     // Call options to use throughout this session
	TransactOpts bind.TransactOpts // Transaction auth options to use throughout this session
}

// RenderEscrowCallerSession is an auto generated read-only Go binding around an Ethereum contract,
// with pre-set call options.
type RenderEscrowCallerSession struct {
	Contract *RenderEscrowCaller // Generic contract caller binding to set the session for
	CallOpts bind.CallOpts       // Call options to use throughout this session
}

// RenderEscrowTransactorSession is an auto generated write-only Go binding around an Ethereum contract,
// with pre-set transact options.
type RenderEscrowTransactorSession struct {
	Contract     *RenderEscrowTransactor // Generic contract transactor binding to set the session for
	TransactOpts bind.TransactOpts       // Transaction auth options to use throughout this session
}

// RenderEscrowRaw is an auto generated low-level Go binding around an Ethereum contract.
type RenderEscrowRaw struct {
	Contract *RenderEscrow // Generic contract binding to access the raw methods on
}

// RenderEscrowCallerRaw is an auto generated low-level read-only Go binding around an Ethereum contract.
type RenderEscrowCallerRaw struct {
	Contract *RenderEscrowCaller // Generic read-only contract binding to access the raw methods on
}

// RenderEscrowTransactorRaw is an auto generated low-level write-only Go binding around an Ethereum contract.
type RenderEscrowTransactorRaw struct {
	Contract *RenderEscrowTransactor // Generic write-only contract binding to access the raw methods on
}

// NewRenderEscrow creates a new instance of RenderEscrow, bound to a specific deployed contract.
func NewRenderEscrow(address common.Address, backend bind.ContractBackend) (*RenderEscrow, error) {
	contract, err := bindRenderEscrow(address, backend, backend, backend)
	if err != nil {
		return nil, err
	}
	return &RenderEscrow{RenderEscrowCaller: RenderEscrowCaller{contract: contract}, RenderEscrowTransactor: RenderEscrowTransactor{contract: contract}, RenderEscrowFilterer: RenderEscrowFilterer{contract: contract}}, nil
}

// NewRenderEscrowCaller creates a new read-only instance of RenderEscrow, bound to a specific deployed contract.
func NewRenderEscrowCaller(address common.Address, caller bind.ContractCaller) (*RenderEscrowCaller, error) {
	contract, err := bindRenderEscrow(address, caller, nil, nil)
	if err != nil {
		return nil, err
	}
	return &RenderEscrowCaller{contract: contract}, nil
}

// NewRenderEscrowTransactor creates a new write-only instance of RenderEscrow, bound to a specific deployed contract.
func NewRenderEscrowTransactor(address common.Address, transactor bind.ContractTransactor) (*RenderEscrowTransactor, error) {
	contract, err := bindRenderEscrow(address, nil, transactor, nil)
	if err != nil {
		return nil, err
	}
	return &RenderEscrowTransactor{contract: contract}, nil
}

// NewRenderEscrowFilterer creates a new log filterer instance of RenderEscrow, bound to a specific deployed contract.
func NewRenderEscrowFilterer(address common.Address, filterer bind.ContractFilterer) (*RenderEscrowFilterer, error) {
	contract, err := bindRenderEscrow(address, nil, nil, filterer)
	if err != nil {
		return nil, err
	}
	return &RenderEscrowFilterer{contract: contract}, nil
}

// bindRenderEscrow binds a generic wrapper to an already deployed contract.
func bindRenderEscrow(address common.Address, caller bind.ContractCaller, transactor bind.ContractTransactor, filterer bind.ContractFilterer) (*bind.BoundContract, error) {
	parsed, err := RenderEscrowMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	return bind.NewBoundContract(address, *parsed, caller, transactor, filterer), nil
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_RenderEscrow *RenderEscrowRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _RenderEscrow.Contract.RenderEscrowCaller.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_RenderEscrow *RenderEscrowRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _RenderEscrow.Contract.RenderEscrowTransactor.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_RenderEscrow *RenderEscrowRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _RenderEscrow.Contract.RenderEscrowTransactor.contract.Transact(opts, method, params...)
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_RenderEscrow *RenderEscrowCallerRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _RenderEscrow.Contract.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_RenderEscrow *RenderEscrowTransactorRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _RenderEscrow.Contract.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_RenderEscrow *RenderEscrowTransactorRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _RenderEscrow.Contract.contract.Transact(opts, method, params...)
}

// RECLAIMAFTER is a free data retrieval call binding the contract method 0xc7e1f4ae.
//
// Solidity: function RECLAIM_AFTER() view returns(uint64)
func (_RenderEscrow *RenderEscrowCaller) RECLAIMAFTER(opts *bind.CallOpts) (uint64, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "RECLAIM_AFTER")

	if err != nil {
		return *new(uint64), err
	}

	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)

	return out0, err

}

// RECLAIMAFTER is a free data retrieval call binding the contract method 0xc7e1f4ae.
//
// Solidity: function RECLAIM_AFTER() view returns(uint64)
func (_RenderEscrow *RenderEscrowSession) RECLAIMAFTER() (uint64, error) {
	return _RenderEscrow.Contract.RECLAIMAFTER(&_RenderEscrow.CallOpts)
}

// RECLAIMAFTER is a free data retrieval call binding the contract method 0xc7e1f4ae.
//
// Solidity: function RECLAIM_AFTER() view returns(uint64)
func (_RenderEscrow *RenderEscrowCallerSession) RECLAIMAFTER() (uint64, error) {
	return _RenderEscrow.Contract.RECLAIMAFTER(&_RenderEscrow.CallOpts)
}

// Deposits is a free data retrieval call binding the contract method 0xfc7e286d.
//
// Solidity: function deposits(address ) view returns(uint64)
func (_RenderEscrow *RenderEscrowCaller) Deposits(opts *bind.CallOpts, arg0 common.Address) (uint64, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "deposits", arg0)

	if err != nil {
		return *new(uint64), err
	}

	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)

	return out0, err

}

// Deposits is a free data retrieval call binding the contract method 0xfc7e286d.
//
// Solidity: function deposits(address ) view returns(uint64)
func (_RenderEscrow *RenderEscrowSession) Deposits(arg0 common.Address) (uint64, error) {
	return _RenderEscrow.Contract.Deposits(&_RenderEscrow.CallOpts, arg0)
}

// Deposits is a free data retrieval call binding the contract method 0xfc7e286d.
//
// Solidity: function deposits(address ) view returns(uint64)
func (_RenderEscrow *RenderEscrowCallerSession) Deposits(arg0 common.Address) (uint64, error) {
	return _RenderEscrow.Contract.Deposits(&_RenderEscrow.CallOpts, arg0)
}

// JobKey is a free data retrieval call binding the contract method 0x839a49a4.
//
// Solidity: function jobKey(string job) pure returns(bytes32)
func (_RenderEscrow *RenderEscrowCaller) JobKey(opts *bind.CallOpts, job string) ([32]byte, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "jobKey", job)

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// JobKey is a free data retrieval call binding the contract method 0x839a49a4.
//
// Solidity: function jobKey(string job) pure returns(bytes32)
func (_RenderEscrow *RenderEscrowSession) JobKey(job string) ([32]byte, error) {
	return _RenderEscrow.Contract.JobKey(&_RenderEscrow.CallOpts, job)
}

// JobKey is a free data retrieval call binding the contract method 0x839a49a4.
//
// Solidity: function jobKey(string job) pure returns(bytes32)
func (_RenderEscrow *RenderEscrowCallerSession) JobKey(job string) ([32]byte, error) {
	return _RenderEscrow.Contract.JobKey(&_RenderEscrow.CallOpts, job)
}

// Jobs is a free data retrieval call binding the contract method 0x38ed7cfc.
//
// Solidity: function jobs(bytes32 ) view returns(address owner, uint64 seq, uint64 fundedAt, bool closed, uint256 funded, uint256 spent)
func (_RenderEscrow *RenderEscrowCaller) Jobs(opts *bind.CallOpts, arg0 [32]byte) (struct {
	Owner    common.Address
	Seq      uint64
	FundedAt uint64
	Closed   bool
	Funded   *big.Int
	Spent    *big.Int
}, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "jobs", arg0)

	outstruct := new(struct {
		Owner    common.Address
		Seq      uint64
		FundedAt uint64
		Closed   bool
		Funded   *big.Int
		Spent    *big.Int
	})
	if err != nil {
		return *outstruct, err
	}

	outstruct.Owner = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Seq = *abi.ConvertType(out[1], new(uint64)).(*uint64)
	outstruct.FundedAt = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	outstruct.Closed = *abi.ConvertType(out[3], new(bool)).(*bool)
	outstruct.Funded = *abi.ConvertType(out[4], new(*big.Int)).(**big.Int)
	outstruct.Spent = *abi.ConvertType(out[5], new(*big.Int)).(**big.Int)

	return *outstruct, err

}

// Jobs is a free data retrieval call binding the contract method 0x38ed7cfc.
//
// Solidity: function jobs(bytes32 ) view returns(address owner, uint64 seq, uint64 fundedAt, bool closed, uint256 funded, uint256 spent)
func (_RenderEscrow *RenderEscrowSession) Jobs(arg0 [32]byte) (struct {
	Owner    common.Address
	Seq      uint64
	FundedAt uint64
	Closed   bool
	Funded   *big.Int
	Spent    *big.Int
}, error) {
	return _RenderEscrow.Contract.Jobs(&_RenderEscrow.CallOpts, arg0)
}

// Jobs is a free data retrieval call binding the contract method 0x38ed7cfc.
//
// Solidity: function jobs(bytes32 ) view returns(address owner, uint64 seq, uint64 fundedAt, bool closed, uint256 funded, uint256 spent)
func (_RenderEscrow *RenderEscrowCallerSession) Jobs(arg0 [32]byte) (struct {
	Owner    common.Address
	Seq      uint64
	FundedAt uint64
	Closed   bool
	Funded   *big.Int
	Spent    *big.Int
}, error) {
	return _RenderEscrow.Contract.Jobs(&_RenderEscrow.CallOpts, arg0)
}

// Nft is a free data retrieval call binding the contract method 0x47ccca02.
//
// Solidity: function nft() view returns(address)
func (_RenderEscrow *RenderEscrowCaller) Nft(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "nft")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Nft is a free data retrieval call binding the contract method 0x47ccca02.
//
// Solidity: function nft() view returns(address)
func (_RenderEscrow *RenderEscrowSession) Nft() (common.Address, error) {
	return _RenderEscrow.Contract.Nft(&_RenderEscrow.CallOpts)
}

// Nft is a free data retrieval call binding the contract method 0x47ccca02.
//
// Solidity: function nft() view returns(address)
func (_RenderEscrow *RenderEscrowCallerSession) Nft() (common.Address, error) {
	return _RenderEscrow.Contract.Nft(&_RenderEscrow.CallOpts)
}

// Owner is a free data retrieval call binding the contract method 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (_RenderEscrow *RenderEscrowCaller) Owner(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "owner")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Owner is a free data retrieval call binding the contract method 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (_RenderEscrow *RenderEscrowSession) Owner() (common.Address, error) {
	return _RenderEscrow.Contract.Owner(&_RenderEscrow.CallOpts)
}

// Owner is a free data retrieval call binding the contract method 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (_RenderEscrow *RenderEscrowCallerSession) Owner() (common.Address, error) {
	return _RenderEscrow.Contract.Owner(&_RenderEscrow.CallOpts)
}

// Paid is a free data retrieval call binding the contract method 0xd76f8e80.
//
// Solidity: function paid(bytes32 , address ) view returns(uint256)
func (_RenderEscrow *RenderEscrowCaller) Paid(opts *bind.CallOpts, arg0 [32]byte, arg1 common.Address) (*big.Int, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "paid", arg0, arg1)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// Paid is a free data retrieval call binding the contract method 0xd76f8e80.
//
// Solidity: function paid(bytes32 , address ) view returns(uint256)
func (_RenderEscrow *RenderEscrowSession) Paid(arg0 [32]byte, arg1 common.Address) (*big.Int, error) {
	return _RenderEscrow.Contract.Paid(&_RenderEscrow.CallOpts, arg0, arg1)
}

// Paid is a free data retrieval call binding the contract method 0xd76f8e80.
//
// Solidity: function paid(bytes32 , address ) view returns(uint256)
func (_RenderEscrow *RenderEscrowCallerSession) Paid(arg0 [32]byte, arg1 common.Address) (*big.Int, error) {
	return _RenderEscrow.Contract.Paid(&_RenderEscrow.CallOpts, arg0, arg1)
}

// Reserve is a free data retrieval call binding the contract method 0xcd3293de.
//
// Solidity: function reserve() view returns(uint256)
func (_RenderEscrow *RenderEscrowCaller) Reserve(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "reserve")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// Reserve is a free data retrieval call binding the contract method 0xcd3293de.
//
// Solidity: function reserve() view returns(uint256)
func (_RenderEscrow *RenderEscrowSession) Reserve() (*big.Int, error) {
	return _RenderEscrow.Contract.Reserve(&_RenderEscrow.CallOpts)
}

// Reserve is a free data retrieval call binding the contract method 0xcd3293de.
//
// Solidity: function reserve() view returns(uint256)
func (_RenderEscrow *RenderEscrowCallerSession) Reserve() (*big.Int, error) {
	return _RenderEscrow.Contract.Reserve(&_RenderEscrow.CallOpts)
}

// Settled is a free data retrieval call binding the contract method 0xd945af1d.
//
// Solidity: function settled(bytes32 ) view returns(bool)
func (_RenderEscrow *RenderEscrowCaller) Settled(opts *bind.CallOpts, arg0 [32]byte) (bool, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "settled", arg0)

	if err != nil {
		return *new(bool), err
	}

	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)

	return out0, err

}

// Settled is a free data retrieval call binding the contract method 0xd945af1d.
//
// Solidity: function settled(bytes32 ) view returns(bool)
func (_RenderEscrow *RenderEscrowSession) Settled(arg0 [32]byte) (bool, error) {
	return _RenderEscrow.Contract.Settled(&_RenderEscrow.CallOpts, arg0)
}

// Settled is a free data retrieval call binding the contract method 0xd945af1d.
//
// Solidity: function settled(bytes32 ) view returns(bool)
func (_RenderEscrow *RenderEscrowCallerSession) Settled(arg0 [32]byte) (bool, error) {
	return _RenderEscrow.Contract.Settled(&_RenderEscrow.CallOpts, arg0)
}

// Signers is a free data retrieval call binding the contract method 0x736c0d5b.
//
// Solidity: function signers(address ) view returns(bool)
func (_RenderEscrow *RenderEscrowCaller) Signers(opts *bind.CallOpts, arg0 common.Address) (bool, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "signers", arg0)

	if err != nil {
		return *new(bool), err
	}

	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)

	return out0, err

}

// Signers is a free data retrieval call binding the contract method 0x736c0d5b.
//
// Solidity: function signers(address ) view returns(bool)
func (_RenderEscrow *RenderEscrowSession) Signers(arg0 common.Address) (bool, error) {
	return _RenderEscrow.Contract.Signers(&_RenderEscrow.CallOpts, arg0)
}

// Signers is a free data retrieval call binding the contract method 0x736c0d5b.
//
// Solidity: function signers(address ) view returns(bool)
func (_RenderEscrow *RenderEscrowCallerSession) Signers(arg0 common.Address) (bool, error) {
	return _RenderEscrow.Contract.Signers(&_RenderEscrow.CallOpts, arg0)
}

// Token is a free data retrieval call binding the contract method 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (_RenderEscrow *RenderEscrowCaller) Token(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "token")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Token is a free data retrieval call binding the contract method 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (_RenderEscrow *RenderEscrowSession) Token() (common.Address, error) {
	return _RenderEscrow.Contract.Token(&_RenderEscrow.CallOpts)
}

// Token is a free data retrieval call binding the contract method 0xfc0c546a.
//
// Solidity: function token() view returns(address)
func (_RenderEscrow *RenderEscrowCallerSession) Token() (common.Address, error) {
	return _RenderEscrow.Contract.Token(&_RenderEscrow.CallOpts)
}

// Treasury is a free data retrieval call binding the contract method 0x61d027b3.
//
// Solidity: function treasury() view returns(address)
func (_RenderEscrow *RenderEscrowCaller) Treasury(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "treasury")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Treasury is a free data retrieval call binding the contract method 0x61d027b3.
//
// Solidity: function treasury() view returns(address)
func (_RenderEscrow *RenderEscrowSession) Treasury() (common.Address, error) {
	return _RenderEscrow.Contract.Treasury(&_RenderEscrow.CallOpts)
}

// Treasury is a free data retrieval call binding the contract method 0x61d027b3.
//
// Solidity: function treasury() view returns(address)
func (_RenderEscrow *RenderEscrowCallerSession) Treasury() (common.Address, error) {
	return _RenderEscrow.Contract.Treasury(&_RenderEscrow.CallOpts)
}

// Withdrawn is a free data retrieval call binding the contract method 0x6ab5ad42.
//
// Solidity: function withdrawn(uint64 ) view returns(bool)
func (_RenderEscrow *RenderEscrowCaller) Withdrawn(opts *bind.CallOpts, arg0 uint64) (bool, error) {
	var out []interface{}
	err := _RenderEscrow.contract.Call(opts, &out, "withdrawn", arg0)

	if err != nil {
		return *new(bool), err
	}

	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)

	return out0, err

}

// Withdrawn is a free data retrieval call binding the contract method 0x6ab5ad42.
//
// Solidity: function withdrawn(uint64 ) view returns(bool)
func (_RenderEscrow *RenderEscrowSession) Withdrawn(arg0 uint64) (bool, error) {
	return _RenderEscrow.Contract.Withdrawn(&_RenderEscrow.CallOpts, arg0)
}

// Withdrawn is a free data retrieval call binding the contract method 0x6ab5ad42.
//
// Solidity: function withdrawn(uint64 ) view returns(bool)
func (_RenderEscrow *RenderEscrowCallerSession) Withdrawn(arg0 uint64) (bool, error) {
	return _RenderEscrow.Contract.Withdrawn(&_RenderEscrow.CallOpts, arg0)
}

// Deposit is a paid mutator transaction binding the contract method 0xb6b55f25.
//
// Solidity: function deposit(uint256 amount) returns()
func (_RenderEscrow *RenderEscrowTransactor) Deposit(opts *bind.TransactOpts, amount *big.Int) (*types.Transaction, error) {
	return _RenderEscrow.contract.Transact(opts, "deposit", amount)
}

// Deposit is a paid mutator transaction binding the contract method 0xb6b55f25.
//
// Solidity: function deposit(uint256 amount) returns()
func (_RenderEscrow *RenderEscrowSession) Deposit(amount *big.Int) (*types.Transaction, error) {
	return _RenderEscrow.Contract.Deposit(&_RenderEscrow.TransactOpts, amount)
}

// Deposit is a paid mutator transaction binding the contract method 0xb6b55f25.
//
// Solidity: function deposit(uint256 amount) returns()
func (_RenderEscrow *RenderEscrowTransactorSession) Deposit(amount *big.Int) (*types.Transaction, error) {
	return _RenderEscrow.Contract.Deposit(&_RenderEscrow.TransactOpts, amount)
}

// Fund is a paid mutator transaction binding the contract method 0xe46bbc9e.
//
// Solidity: function fund(bytes32 job, uint256 amount) returns()
func (_RenderEscrow *RenderEscrowTransactor) Fund(opts *bind.TransactOpts, job [32]byte, amount *big.Int) (*types.Transaction, error) {
	return _RenderEscrow.contract.Transact(opts, "fund", job, amount)
}

// Fund is a paid mutator transaction binding the contract method 0xe46bbc9e.
//
// Solidity: function fund(bytes32 job, uint256 amount) returns()
func (_RenderEscrow *RenderEscrowSession) Fund(job [32]byte, amount *big.Int) (*types.Transaction, error) {
	return _RenderEscrow.Contract.Fund(&_RenderEscrow.TransactOpts, job, amount)
}

// Fund is a paid mutator transaction binding the contract method 0xe46bbc9e.
//
// Solidity: function fund(bytes32 job, uint256 amount) returns()
func (_RenderEscrow *RenderEscrowTransactorSession) Fund(job [32]byte, amount *big.Int) (*types.Transaction, error) {
	return _RenderEscrow.Contract.Fund(&_RenderEscrow.TransactOpts, job, amount)
}

// Reclaim is a paid mutator transaction binding the contract method 0x96afb365.
//
// Solidity: function reclaim(bytes32 job) returns()
func (_RenderEscrow *RenderEscrowTransactor) Reclaim(opts *bind.TransactOpts, job [32]byte) (*types.Transaction, error) {
	return _RenderEscrow.contract.Transact(opts, "reclaim", job)
}

// Reclaim is a paid mutator transaction binding the contract method 0x96afb365.
//
// Solidity: function reclaim(bytes32 job) returns()
func (_RenderEscrow *RenderEscrowSession) Reclaim(job [32]byte) (*types.Transaction, error) {
	return _RenderEscrow.Contract.Reclaim(&_RenderEscrow.TransactOpts, job)
}

// Reclaim is a paid mutator transaction binding the contract method 0x96afb365.
//
// Solidity: function reclaim(bytes32 job) returns()
func (_RenderEscrow *RenderEscrowTransactorSession) Reclaim(job [32]byte) (*types.Transaction, error) {
	return _RenderEscrow.Contract.Reclaim(&_RenderEscrow.TransactOpts, job)
}

// SetSigner is a paid mutator transaction binding the contract method 0x31cb6105.
//
// Solidity: function setSigner(address signer, bool allowed) returns()
func (_RenderEscrow *RenderEscrowTransactor) SetSigner(opts *bind.TransactOpts, signer common.Address, allowed bool) (*types.Transaction, error) {
	return _RenderEscrow.contract.Transact(opts, "setSigner", signer, allowed)
}

// SetSigner is a paid mutator transaction binding the contract method 0x31cb6105.
//
// Solidity: function setSigner(address signer, bool allowed) returns()
func (_RenderEscrow *RenderEscrowSession) SetSigner(signer common.Address, allowed bool) (*types.Transaction, error) {
	return _RenderEscrow.Contract.SetSigner(&_RenderEscrow.TransactOpts, signer, allowed)
}

// SetSigner is a paid mutator transaction binding the contract method 0x31cb6105.
//
// Solidity: function setSigner(address signer, bool allowed) returns()
func (_RenderEscrow *RenderEscrowTransactorSession) SetSigner(signer common.Address, allowed bool) (*types.Transaction, error) {
	return _RenderEscrow.Contract.SetSigner(&_RenderEscrow.TransactOpts, signer, allowed)
}

// Settle is a paid mutator transaction binding the contract method 0x1b812a39.
//
// Solidity: function settle(((string,uint64,uint64,uint64,string,bytes32,string,uint64,uint64,string,address,uint256),uint256,uint256,uint64) a, bytes workerSignature, bytes signerSignature) returns()
func (_RenderEscrow *RenderEscrowTransactor) Settle(opts *bind.TransactOpts, a RenderEscrowAcceptance, workerSignature []byte, signerSignature []byte) (*types.Transaction, error) {
	return _RenderEscrow.contract.Transact(opts, "settle", a, workerSignature, signerSignature)
}

// Settle is a paid mutator transaction binding the contract method 0x1b812a39.
//
// Solidity: function settle(((string,uint64,uint64,uint64,string,bytes32,string,uint64,uint64,string,address,uint256),uint256,uint256,uint64) a, bytes workerSignature, bytes signerSignature) returns()
func (_RenderEscrow *RenderEscrowSession) Settle(a RenderEscrowAcceptance, workerSignature []byte, signerSignature []byte) (*types.Transaction, error) {
	return _RenderEscrow.Contract.Settle(&_RenderEscrow.TransactOpts, a, workerSignature, signerSignature)
}

// Settle is a paid mutator transaction binding the contract method 0x1b812a39.
//
// Solidity: function settle(((string,uint64,uint64,uint64,string,bytes32,string,uint64,uint64,string,address,uint256),uint256,uint256,uint64) a, bytes workerSignature, bytes signerSignature) returns()
func (_RenderEscrow *RenderEscrowTransactorSession) Settle(a RenderEscrowAcceptance, workerSignature []byte, signerSignature []byte) (*types.Transaction, error) {
	return _RenderEscrow.Contract.Settle(&_RenderEscrow.TransactOpts, a, workerSignature, signerSignature)
}

// SettleBatch is a paid mutator transaction binding the contract method 0x355b7362.
//
// Solidity: function settleBatch(bytes32 job, uint64 seq, bytes32 receipts, uint64 frames, address[] payees, uint256[] cumulative, bool close, bytes signature) returns()
func (_RenderEscrow *RenderEscrowTransactor) SettleBatch(opts *bind.TransactOpts, job [32]byte, seq uint64, receipts [32]byte, frames uint64, payees []common.Address, cumulative []*big.Int, close bool, signature []byte) (*types.Transaction, error) {
	return _RenderEscrow.contract.Transact(opts, "settleBatch", job, seq, receipts, frames, payees, cumulative, close, signature)
}

// SettleBatch is a paid mutator transaction binding the contract method 0x355b7362.
//
// Solidity: function settleBatch(bytes32 job, uint64 seq, bytes32 receipts, uint64 frames, address[] payees, uint256[] cumulative, bool close, bytes signature) returns()
func (_RenderEscrow *RenderEscrowSession) SettleBatch(job [32]byte, seq uint64, receipts [32]byte, frames uint64, payees []common.Address, cumulative []*big.Int, close bool, signature []byte) (*types.Transaction, error) {
	return _RenderEscrow.Contract.SettleBatch(&_RenderEscrow.TransactOpts, job, seq, receipts, frames, payees, cumulative, close, signature)
}

// SettleBatch is a paid mutator transaction binding the contract method 0x355b7362.
//
// Solidity: function settleBatch(bytes32 job, uint64 seq, bytes32 receipts, uint64 frames, address[] payees, uint256[] cumulative, bool close, bytes signature) returns()
func (_RenderEscrow *RenderEscrowTransactorSession) SettleBatch(job [32]byte, seq uint64, receipts [32]byte, frames uint64, payees []common.Address, cumulative []*big.Int, close bool, signature []byte) (*types.Transaction, error) {
	return _RenderEscrow.Contract.SettleBatch(&_RenderEscrow.TransactOpts, job, seq, receipts, frames, payees, cumulative, close, signature)
}

// Withdraw is a paid mutator transaction binding the contract method 0x6f79405d.
//
// Solidity: function withdraw(address to, uint256 amount, uint64 nonce, bytes signature) returns()
func (_RenderEscrow *RenderEscrowTransactor) Withdraw(opts *bind.TransactOpts, to common.Address, amount *big.Int, nonce uint64, signature []byte) (*types.Transaction, error) {
	return _RenderEscrow.contract.Transact(opts, "withdraw", to, amount, nonce, signature)
}

// Withdraw is a paid mutator transaction binding the contract method 0x6f79405d.
//
// Solidity: function withdraw(address to, uint256 amount, uint64 nonce, bytes signature) returns()
func (_RenderEscrow *RenderEscrowSession) Withdraw(to common.Address, amount *big.Int, nonce uint64, signature []byte) (*types.Transaction, error) {
	return _RenderEscrow.Contract.Withdraw(&_RenderEscrow.TransactOpts, to, amount, nonce, signature)
}

// Withdraw is a paid mutator transaction binding the contract method 0x6f79405d.
//
// Solidity: function withdraw(address to, uint256 amount, uint64 nonce, bytes signature) returns()
func (_RenderEscrow *RenderEscrowTransactorSession) Withdraw(to common.Address, amount *big.Int, nonce uint64, signature []byte) (*types.Transaction, error) {
	return _RenderEscrow.Contract.Withdraw(&_RenderEscrow.TransactOpts, to, amount, nonce, signature)
}

// RenderEscrowClosedIterator is returned from FilterClosed and is used to iterate over the raw logs and unpacked data for Closed events raised by the RenderEscrow contract.
type RenderEscrowClosedIterator struct {
	Event *RenderEscrowClosed // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderEscrowClosedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderEscrowClosed)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderEscrowClosed)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderEscrowClosedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderEscrowClosedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderEscrowClosed represents a Closed event raised by the RenderEscrow contract.
type RenderEscrowClosed struct {
	Job    [32]byte
	Refund *big.Int
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterClosed is a free log retrieval operation binding the contract event 0x1ebdf03e021c53ac580a5963cff85b3575827abc2b414b73c371a959d8bf0857.
//
// Solidity: event Closed(bytes32 indexed job, uint256 refund)
func (_RenderEscrow *RenderEscrowFilterer) FilterClosed(opts *bind.FilterOpts, job [][32]byte) (*RenderEscrowClosedIterator, error) {

	var jobRule []interface{}
	for _, jobItem := range job {
		jobRule = append(jobRule, jobItem)
	}

	logs, sub, err := _RenderEscrow.contract.FilterLogs(opts, "Closed", jobRule)
	if err != nil {
		return nil, err
	}
	return &RenderEscrowClosedIterator{contract: _RenderEscrow.contract, event: "Closed", logs: logs, sub: sub}, nil
}

// WatchClosed is a free log subscription operation binding the contract event 0x1ebdf03e021c53ac580a5963cff85b3575827abc2b414b73c371a959d8bf0857.
//
// Solidity: event Closed(bytes32 indexed job, uint256 refund)
func (_RenderEscrow *RenderEscrowFilterer) WatchClosed(opts *bind.WatchOpts, sink chan<- *RenderEscrowClosed, job [][32]byte) (event.Subscription, error) {

	var jobRule []interface{}
	for _, jobItem := range job {
		jobRule = append(jobRule, jobItem)
	}

	logs, sub, err := _RenderEscrow.contract.WatchLogs(opts, "Closed", jobRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderEscrowClosed)
				if err := _RenderEscrow.contract.UnpackLog(event, "Closed", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseClosed is a log parse operation binding the contract event 0x1ebdf03e021c53ac580a5963cff85b3575827abc2b414b73c371a959d8bf0857.
//
// Solidity: event Closed(bytes32 indexed job, uint256 refund)
func (_RenderEscrow *RenderEscrowFilterer) ParseClosed(log types.Log) (*RenderEscrowClosed, error) {
	event := new(RenderEscrowClosed)
	if err := _RenderEscrow.contract.UnpackLog(event, "Closed", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderEscrowDepositedIterator is returned from FilterDeposited and is used to iterate over the raw logs and unpacked data for Deposited events raised by the RenderEscrow contract.
type RenderEscrowDepositedIterator struct {
	Event *RenderEscrowDeposited // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderEscrowDepositedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderEscrowDeposited)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderEscrowDeposited)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderEscrowDepositedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderEscrowDepositedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderEscrowDeposited represents a Deposited event raised by the RenderEscrow contract.
type RenderEscrowDeposited struct {
	From   common.Address
	Nonce  uint64
	Amount *big.Int
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterDeposited is a free log retrieval operation binding the contract event 0x50d94313f2687fe453a1b3e5c0d110101e0dc1fb63aea4615f2afa97a752541b.
//
// Solidity: event Deposited(address indexed from, uint64 indexed nonce, uint256 amount)
func (_RenderEscrow *RenderEscrowFilterer) FilterDeposited(opts *bind.FilterOpts, from []common.Address, nonce []uint64) (*RenderEscrowDepositedIterator, error) {

	var fromRule []interface{}
	for _, fromItem := range from {
		fromRule = append(fromRule, fromItem)
	}
	var nonceRule []interface{}
	for _, nonceItem := range nonce {
		nonceRule = append(nonceRule, nonceItem)
	}

	logs, sub, err := _RenderEscrow.contract.FilterLogs(opts, "Deposited", fromRule, nonceRule)
	if err != nil {
		return nil, err
	}
	return &RenderEscrowDepositedIterator{contract: _RenderEscrow.contract, event: "Deposited", logs: logs, sub: sub}, nil
}

// WatchDeposited is a free log subscription operation binding the contract event 0x50d94313f2687fe453a1b3e5c0d110101e0dc1fb63aea4615f2afa97a752541b.
//
// Solidity: event Deposited(address indexed from, uint64 indexed nonce, uint256 amount)
func (_RenderEscrow *RenderEscrowFilterer) WatchDeposited(opts *bind.WatchOpts, sink chan<- *RenderEscrowDeposited, from []common.Address, nonce []uint64) (event.Subscription, error) {

	var fromRule []interface{}
	for _, fromItem := range from {
		fromRule = append(fromRule, fromItem)
	}
	var nonceRule []interface{}
	for _, nonceItem := range nonce {
		nonceRule = append(nonceRule, nonceItem)
	}

	logs, sub, err := _RenderEscrow.contract.WatchLogs(opts, "Deposited", fromRule, nonceRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderEscrowDeposited)
				if err := _RenderEscrow.contract.UnpackLog(event, "Deposited", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseDeposited is a log parse operation binding the contract event 0x50d94313f2687fe453a1b3e5c0d110101e0dc1fb63aea4615f2afa97a752541b.
//
// Solidity: event Deposited(address indexed from, uint64 indexed nonce, uint256 amount)
func (_RenderEscrow *RenderEscrowFilterer) ParseDeposited(log types.Log) (*RenderEscrowDeposited, error) {
	event := new(RenderEscrowDeposited)
	if err := _RenderEscrow.contract.UnpackLog(event, "Deposited", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderEscrowFundedIterator is returned from FilterFunded and is used to iterate over the raw logs and unpacked data for Funded events raised by the RenderEscrow contract.
type RenderEscrowFundedIterator struct {
	Event *RenderEscrowFunded // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderEscrowFundedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderEscrowFunded)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderEscrowFunded)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderEscrowFundedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderEscrowFundedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderEscrowFunded represents a Funded event raised by the RenderEscrow contract.
type RenderEscrowFunded struct {
	Job    [32]byte
	Owner  common.Address
	Amount *big.Int
	Funded *big.Int
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterFunded is a free log retrieval operation binding the contract event 0x4bcda3b85131fc5aa24f415efaad370efc678d3800457997c2fc2af2957a3557.
//
// Solidity: event Funded(bytes32 indexed job, address indexed owner, uint256 amount, uint256 funded)
func (_RenderEscrow *RenderEscrowFilterer) FilterFunded(opts *bind.FilterOpts, job [][32]byte, owner []common.Address) (*RenderEscrowFundedIterator, error) {

	var jobRule []interface{}
	for _, jobItem := range job {
		jobRule = append(jobRule, jobItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _RenderEscrow.contract.FilterLogs(opts, "Funded", jobRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return &RenderEscrowFundedIterator{contract: _RenderEscrow.contract, event: "Funded", logs: logs, sub: sub}, nil
}

// WatchFunded is a free log subscription operation binding the contract event 0x4bcda3b85131fc5aa24f415efaad370efc678d3800457997c2fc2af2957a3557.
//
// Solidity: event Funded(bytes32 indexed job, address indexed owner, uint256 amount, uint256 funded)
func (_RenderEscrow *RenderEscrowFilterer) WatchFunded(opts *bind.WatchOpts, sink chan<- *RenderEscrowFunded, job [][32]byte, owner []common.Address) (event.Subscription, error) {

	var jobRule []interface{}
	for _, jobItem := range job {
		jobRule = append(jobRule, jobItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _RenderEscrow.contract.WatchLogs(opts, "Funded", jobRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderEscrowFunded)
				if err := _RenderEscrow.contract.UnpackLog(event, "Funded", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseFunded is a log parse operation binding the contract event 0x4bcda3b85131fc5aa24f415efaad370efc678d3800457997c2fc2af2957a3557.
//
// Solidity: event Funded(bytes32 indexed job, address indexed owner, uint256 amount, uint256 funded)
func (_RenderEscrow *RenderEscrowFilterer) ParseFunded(log types.Log) (*RenderEscrowFunded, error) {
	event := new(RenderEscrowFunded)
	if err := _RenderEscrow.contract.UnpackLog(event, "Funded", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderEscrowReceiptSettledIterator is returned from FilterReceiptSettled and is used to iterate over the raw logs and unpacked data for ReceiptSettled events raised by the RenderEscrow contract.
type RenderEscrowReceiptSettledIterator struct {
	Event *RenderEscrowReceiptSettled // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderEscrowReceiptSettledIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderEscrowReceiptSettled)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderEscrowReceiptSettled)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderEscrowReceiptSettledIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderEscrowReceiptSettledIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderEscrowReceiptSettled represents a ReceiptSettled event raised by the RenderEscrow contract.
type RenderEscrowReceiptSettled struct {
	Digest [32]byte
	Job    [32]byte
	Worker common.Address
	Price  *big.Int
	Fee    *big.Int
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterReceiptSettled is a free log retrieval operation binding the contract event 0xc429078b36d592f1bf76c1f12f1ca4c553be70723c2ad50d40a444e32b7ec06d.
//
// Solidity: event ReceiptSettled(bytes32 indexed digest, bytes32 indexed job, address indexed worker, uint256 price, uint256 fee)
func (_RenderEscrow *RenderEscrowFilterer) FilterReceiptSettled(opts *bind.FilterOpts, digest [][32]byte, job [][32]byte, worker []common.Address) (*RenderEscrowReceiptSettledIterator, error) {

	var digestRule []interface{}
	for _, digestItem := range digest {
		digestRule = append(digestRule, digestItem)
	}
	var jobRule []interface{}
	for _, jobItem := range job {
		jobRule = append(jobRule, jobItem)
	}
	var workerRule []interface{}
	for _, workerItem := range worker {
		workerRule = append(workerRule, workerItem)
	}

	logs, sub, err := _RenderEscrow.contract.FilterLogs(opts, "ReceiptSettled", digestRule, jobRule, workerRule)
	if err != nil {
		return nil, err
	}
	return &RenderEscrowReceiptSettledIterator{contract: _RenderEscrow.contract, event: "ReceiptSettled", logs: logs, sub: sub}, nil
}

// WatchReceiptSettled is a free log subscription operation binding the contract event 0xc429078b36d592f1bf76c1f12f1ca4c553be70723c2ad50d40a444e32b7ec06d.
//
// Solidity: event ReceiptSettled(bytes32 indexed digest, bytes32 indexed job, address indexed worker, uint256 price, uint256 fee)
func (_RenderEscrow *RenderEscrowFilterer) WatchReceiptSettled(opts *bind.WatchOpts, sink chan<- *RenderEscrowReceiptSettled, digest [][32]byte, job [][32]byte, worker []common.Address) (event.Subscription, error) {

	var digestRule []interface{}
	for _, digestItem := range digest {
		digestRule = append(digestRule, digestItem)
	}
	var jobRule []interface{}
	for _, jobItem := range job {
		jobRule = append(jobRule, jobItem)
	}
	var workerRule []interface{}
	for _, workerItem := range worker {
		workerRule = append(workerRule, workerItem)
	}

	logs, sub, err := _RenderEscrow.contract.WatchLogs(opts, "ReceiptSettled", digestRule, jobRule, workerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderEscrowReceiptSettled)
				if err := _RenderEscrow.contract.UnpackLog(event, "ReceiptSettled", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseReceiptSettled is a log parse operation binding the contract event 0xc429078b36d592f1bf76c1f12f1ca4c553be70723c2ad50d40a444e32b7ec06d.
//
// Solidity: event ReceiptSettled(bytes32 indexed digest, bytes32 indexed job, address indexed worker, uint256 price, uint256 fee)
func (_RenderEscrow *RenderEscrowFilterer) ParseReceiptSettled(log types.Log) (*RenderEscrowReceiptSettled, error) {
	event := new(RenderEscrowReceiptSettled)
	if err := _RenderEscrow.contract.UnpackLog(event, "ReceiptSettled", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderEscrowSettledIterator is returned from FilterSettled and is used to iterate over the raw logs and unpacked data for Settled events raised by the RenderEscrow contract.
type RenderEscrowSettledIterator struct {
	Event *RenderEscrowSettled // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderEscrowSettledIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderEscrowSettled)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderEscrowSettled)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderEscrowSettledIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderEscrowSettledIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderEscrowSettled represents a Settled event raised by the RenderEscrow contract.
type RenderEscrowSettled struct {
	Job      [32]byte
	Seq      uint64
	Receipts [32]byte
	Frames   uint64
	Amount   *big.Int
	Raw      types.Log // Blockchain specific contextual infos
}

// FilterSettled is a free log retrieval operation binding the contract event 0x054e20474324d57f42e56bb4102a6368bb9489766ac437dec883cbaa61e89ec7.
//
// Solidity: event Settled(bytes32 indexed job, uint64 seq, bytes32 receipts, uint64 frames, uint256 amount)
func (_RenderEscrow *RenderEscrowFilterer) FilterSettled(opts *bind.FilterOpts, job [][32]byte) (*RenderEscrowSettledIterator, error) {

	var jobRule []interface{}
	for _, jobItem := range job {
		jobRule = append(jobRule, jobItem)
	}

	logs, sub, err := _RenderEscrow.contract.FilterLogs(opts, "Settled", jobRule)
	if err != nil {
		return nil, err
	}
	return &RenderEscrowSettledIterator{contract: _RenderEscrow.contract, event: "Settled", logs: logs, sub: sub}, nil
}

// WatchSettled is a free log subscription operation binding the contract event 0x054e20474324d57f42e56bb4102a6368bb9489766ac437dec883cbaa61e89ec7.
//
// Solidity: event Settled(bytes32 indexed job, uint64 seq, bytes32 receipts, uint64 frames, uint256 amount)
func (_RenderEscrow *RenderEscrowFilterer) WatchSettled(opts *bind.WatchOpts, sink chan<- *RenderEscrowSettled, job [][32]byte) (event.Subscription, error) {

	var jobRule []interface{}
	for _, jobItem := range job {
		jobRule = append(jobRule, jobItem)
	}

	logs, sub, err := _RenderEscrow.contract.WatchLogs(opts, "Settled", jobRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderEscrowSettled)
				if err := _RenderEscrow.contract.UnpackLog(event, "Settled", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseSettled is a log parse operation binding the contract event 0x054e20474324d57f42e56bb4102a6368bb9489766ac437dec883cbaa61e89ec7.
//
// Solidity: event Settled(bytes32 indexed job, uint64 seq, bytes32 receipts, uint64 frames, uint256 amount)
func (_RenderEscrow *RenderEscrowFilterer) ParseSettled(log types.Log) (*RenderEscrowSettled, error) {
	event := new(RenderEscrowSettled)
	if err := _RenderEscrow.contract.UnpackLog(event, "Settled", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderEscrowSignerSetIterator is returned from FilterSignerSet and is used to iterate over the raw logs and unpacked data for SignerSet events raised by the RenderEscrow contract.
type RenderEscrowSignerSetIterator struct {
	Event *RenderEscrowSignerSet // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderEscrowSignerSetIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderEscrowSignerSet)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderEscrowSignerSet)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderEscrowSignerSetIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderEscrowSignerSetIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderEscrowSignerSet represents a SignerSet event raised by the RenderEscrow contract.
type RenderEscrowSignerSet struct {
	Signer  common.Address
	Allowed bool
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterSignerSet is a free log retrieval operation binding the contract event 0xfc4acb499491cd850a8a21ab98c7f128850c0f0e5f1a875a62b7fa055c2ecf19.
//
// Solidity: event SignerSet(address indexed signer, bool allowed)
func (_RenderEscrow *RenderEscrowFilterer) FilterSignerSet(opts *bind.FilterOpts, signer []common.Address) (*RenderEscrowSignerSetIterator, error) {

	var signerRule []interface{}
	for _, signerItem := range signer {
		signerRule = append(signerRule, signerItem)
	}

	logs, sub, err := _RenderEscrow.contract.FilterLogs(opts, "SignerSet", signerRule)
	if err != nil {
		return nil, err
	}
	return &RenderEscrowSignerSetIterator{contract: _RenderEscrow.contract, event: "SignerSet", logs: logs, sub: sub}, nil
}

// WatchSignerSet is a free log subscription operation binding the contract event 0xfc4acb499491cd850a8a21ab98c7f128850c0f0e5f1a875a62b7fa055c2ecf19.
//
// Solidity: event SignerSet(address indexed signer, bool allowed)
func (_RenderEscrow *RenderEscrowFilterer) WatchSignerSet(opts *bind.WatchOpts, sink chan<- *RenderEscrowSignerSet, signer []common.Address) (event.Subscription, error) {

	var signerRule []interface{}
	for _, signerItem := range signer {
		signerRule = append(signerRule, signerItem)
	}

	logs, sub, err := _RenderEscrow.contract.WatchLogs(opts, "SignerSet", signerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderEscrowSignerSet)
				if err := _RenderEscrow.contract.UnpackLog(event, "SignerSet", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseSignerSet is a log parse operation binding the contract event 0xfc4acb499491cd850a8a21ab98c7f128850c0f0e5f1a875a62b7fa055c2ecf19.
//
// Solidity: event SignerSet(address indexed signer, bool allowed)
func (_RenderEscrow *RenderEscrowFilterer) ParseSignerSet(log types.Log) (*RenderEscrowSignerSet, error) {
	event := new(RenderEscrowSignerSet)
	if err := _RenderEscrow.contract.UnpackLog(event, "SignerSet", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderEscrowWithdrawnIterator is returned from FilterWithdrawn and is used to iterate over the raw logs and unpacked data for Withdrawn events raised by the RenderEscrow contract.
type RenderEscrowWithdrawnIterator struct {
	Event *RenderEscrowWithdrawn // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderEscrowWithdrawnIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderEscrowWithdrawn)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderEscrowWithdrawn)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderEscrowWithdrawnIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderEscrowWithdrawnIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderEscrowWithdrawn represents a Withdrawn event raised by the RenderEscrow contract.
type RenderEscrowWithdrawn struct {
	To     common.Address
	Nonce  uint64
	Amount *big.Int
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterWithdrawn is a free log retrieval operation binding the contract event 0xdc4891ef1b4edf9f4b306c40c2d7eac8e990bef9701d3f5aeb5085d2ce94b859.
//
// Solidity: event Withdrawn(address indexed to, uint64 indexed nonce, uint256 amount)
func (_RenderEscrow *RenderEscrowFilterer) FilterWithdrawn(opts *bind.FilterOpts, to []common.Address, nonce []uint64) (*RenderEscrowWithdrawnIterator, error) {

	var toRule []interface{}
	for _, toItem := range to {
		toRule = append(toRule, toItem)
	}
	var nonceRule []interface{}
	for _, nonceItem := range nonce {
		nonceRule = append(nonceRule, nonceItem)
	}

	logs, sub, err := _RenderEscrow.contract.FilterLogs(opts, "Withdrawn", toRule, nonceRule)
	if err != nil {
		return nil, err
	}
	return &RenderEscrowWithdrawnIterator{contract: _RenderEscrow.contract, event: "Withdrawn", logs: logs, sub: sub}, nil
}

// WatchWithdrawn is a free log subscription operation binding the contract event 0xdc4891ef1b4edf9f4b306c40c2d7eac8e990bef9701d3f5aeb5085d2ce94b859.
//
// Solidity: event Withdrawn(address indexed to, uint64 indexed nonce, uint256 amount)
func (_RenderEscrow *RenderEscrowFilterer) WatchWithdrawn(opts *bind.WatchOpts, sink chan<- *RenderEscrowWithdrawn, to []common.Address, nonce []uint64) (event.Subscription, error) {

	var toRule []interface{}
	for _, toItem := range to {
		toRule = append(toRule, toItem)
	}
	var nonceRule []interface{}
	for _, nonceItem := range nonce {
		nonceRule = append(nonceRule, nonceItem)
	}

	logs, sub, err := _RenderEscrow.contract.WatchLogs(opts, "Withdrawn", toRule, nonceRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderEscrowWithdrawn)
				if err := _RenderEscrow.contract.UnpackLog(event, "Withdrawn", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseWithdrawn is a log parse operation binding the contract event 0xdc4891ef1b4edf9f4b306c40c2d7eac8e990bef9701d3f5aeb5085d2ce94b859.
//
// Solidity: event Withdrawn(address indexed to, uint64 indexed nonce, uint256 amount)
func (_RenderEscrow *RenderEscrowFilterer) ParseWithdrawn(log types.Log) (*RenderEscrowWithdrawn, error) {
	event := new(RenderEscrowWithdrawn)
	if err := _RenderEscrow.contract.UnpackLog(event, "Withdrawn", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderNFTMetaData contains all meta data concerning the RenderNFT contract.
var RenderNFTMetaData = &bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"minter_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ERC721IncorrectOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ERC721InsufficientApproval\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC721InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"ERC721InvalidOperator\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ERC721InvalidOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC721InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC721InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ERC721NonexistentToken\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyMetadata\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"frame\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"FrameAlreadyMinted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotMinter\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"approved\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"ApprovalForAll\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"frame\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"metadataCid\",\"type\":\"string\"}],\"name\":\"FrameMinted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"frameOf\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"getApproved\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"isApprovedForAll\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"frame\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"metadataCid\",\"type\":\"string\"}],\"name\":\"mint\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"minted\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"minter\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ownerOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"setApprovalForAll\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"tokenOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"tokenURI\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	Bin: "0x60a060405234801561000f575f5ffd5b5060405161140338038061140383398101604081905261002e916100a2565b6040518060400160405280601081526020016f72656e64657267726964206672616d6560801b815250604051806040016040528060038152602001622923a360e91b815250815f90816100819190610167565b50600161008e8282610167565b5050506001600160a01b0316608052610221565b5f602082840312156100b2575f5ffd5b81516001600160a01b03811681146100c8575f5ffd5b9392505050565b634e487b7160e01b5f52604160045260245ffd5b600181811c908216806100f757607f821691505b60208210810361011557634e487b7160e01b5f52602260045260245ffd5b50919050565b601f82111561016257805f5260205f20601f840160051c810160208510156101405750805b601f840160051c820191505b8181101561015f575f815560010161014c565b50505b505050565b81516001600160401b03811115610180576101806100cf565b6101948161018e84546100e3565b8461011b565b6020601f8211600181146101c6575f83156101af5750848201515b5f19600385901b1c1916600184901b17845561015f565b5f84815260208120601f198516915b828110156101f557878501518255602094850194600190920191016101d5565b508482101561021257868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b6080516111c36102405f395f8181610157015261049001526111c35ff3fe608060405234801561000f575f5ffd5b5060043610610111575f3560e01c80636352211e1161009e578063b88d4fde1161006e578063b88d4fde1461024a578063bae667bc1461025d578063c3760a941461027c578063c87b56dd1461029b578063e985e9c5146102ae575f5ffd5b80636352211e1461020957806370a082311461021c57806395d89b411461022f578063a22cb46514610237575f5ffd5b8063095ea7b3116100e4578063095ea7b3146101a457806323b872dd146101b957806342842e0e146101cc5780634f02c420146101df578063517e7514146101f6575f5ffd5b806301ffc9a71461011557806306fdde031461013d5780630754617214610152578063081812fc14610191575b5f5ffd5b610128610123366004610c37565b6102c1565b60405190151581526020015b60405180910390f35b610145610312565b6040516101349190610c87565b6101797f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610134565b61017961019f366004610c99565b6103a1565b6101b76101b2366004610ccb565b6103c8565b005b6101b76101c7366004610cf3565b6103d7565b6101b76101da366004610cf3565b610465565b6101e860065481565b604051908152602001610134565b6101e8610204366004610d2d565b610484565b610179610217366004610c99565b6105d7565b6101e861022a366004610db0565b6105e1565b610145610626565b6101b7610245366004610dc9565b610635565b6101b7610258366004610e16565b610640565b6101e861026b366004610c99565b60096020525f908152604090205481565b6101e861028a366004610c99565b60086020525f908152604090205481565b6101456102a9366004610c99565b610658565b6101286102bc366004610ef3565b610698565b5f6001600160e01b031982166380ac58cd60e01b14806102f157506001600160e01b03198216635b5e139f60e01b145b8061030c57506301ffc9a760e01b6001600160e01b03198316145b92915050565b60605f805461032090610f24565b80601f016020809104026020016040519081016040528092919081815260200182805461034c90610f24565b80156103975780601f1061036e57610100808354040283529160200191610397565b820191905f5260205f20905b81548152906001019060200180831161037a57829003601f168201915b5050505050905090565b5f6103ab826106c5565b505f828152600460205260409020546001600160a01b031661030c565b6103d38282336106fd565b5050565b6001600160a01b03821661040557604051633250574960e11b81525f60048201526024015b60405180910390fd5b5f61041183833361070a565b9050836001600160a01b0316816001600160a01b03161461045f576040516364283d7b60e01b81526001600160a01b03808616600483015260248201849052821660448201526064016103fc565b50505050565b61047f83838360405180602001604052805f815250610640565b505050565b5f336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016146104d057604051631b0e18f960e11b81523360048201526024016103fc565b5f8290036104f15760405163ae92135760e01b815260040160405180910390fd5b5f8481526009602052604090205415610537575f8481526009602052604090819020549051638fa6d41360e01b81526103fc918691600401918252602082015260400190565b60065f815461054590610f5c565b91829055505f858152600960209081526040808320849055838352600882528083208890556007909152902090915061057f838583610fc4565b5061058a85826107fc565b846001600160a01b031684827f7a8ea88044a1c0d86724b71bea96b977069baeb29bfa36bdde9230ad4724a48186866040516105c792919061107e565b60405180910390a4949350505050565b5f61030c826106c5565b5f6001600160a01b03821661060b576040516322718ad960e21b81525f60048201526024016103fc565b506001600160a01b03165f9081526003602052604090205490565b60606001805461032090610f24565b6103d3338383610815565b61064b8484846103d7565b61045f33858585856108b3565b6060610663826106c5565b505f8281526007602090815260409182902091516106829291016110ac565b6040516020818303038152906040529050919050565b6001600160a01b039182165f90815260056020908152604080832093909416825291909152205460ff1690565b5f818152600260205260408120546001600160a01b03168061030c57604051637e27328960e01b8152600481018490526024016103fc565b61047f83838360016109db565b5f828152600260205260408120546001600160a01b039081169083161561073657610736818486610adf565b6001600160a01b03811615610770576107515f855f5f6109db565b6001600160a01b0381165f90815260036020526040902080545f190190555b6001600160a01b0385161561079e576001600160a01b0385165f908152600360205260409020805460010190555b5f8481526002602052604080822080546001600160a01b0319166001600160a01b0389811691821790925591518793918516917fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef91a4949350505050565b6103d3828260405180602001604052805f815250610b43565b6001600160a01b03821661084757604051630b61174360e31b81526001600160a01b03831660048201526024016103fc565b6001600160a01b038381165f81815260056020908152604080832094871680845294825291829020805460ff191686151590811790915591519182527f17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31910160405180910390a3505050565b6001600160a01b0383163b156109d457604051630a85bd0160e11b81526001600160a01b0384169063150b7a02906108f5908890889087908790600401611136565b6020604051808303815f875af192505050801561092f575060408051601f3d908101601f1916820190925261092c91810190611172565b60015b610996573d80801561095c576040519150601f19603f3d011682016040523d82523d5f602084013e610961565b606091505b5080515f0361098e57604051633250574960e11b81526001600160a01b03851660048201526024016103fc565b805160208201fd5b6001600160e01b03198116630a85bd0160e11b146109d257604051633250574960e11b81526001600160a01b03851660048201526024016103fc565b505b5050505050565b80806109ef57506001600160a01b03821615155b15610ab0575f6109fe846106c5565b90506001600160a01b03831615801590610a2a5750826001600160a01b0316816001600160a01b031614155b8015610a3d5750610a3b8184610698565b155b15610a665760405163a9fbf51f60e01b81526001600160a01b03841660048201526024016103fc565b8115610aae5783856001600160a01b0316826001600160a01b03167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b92560405160405180910390a45b505b50505f90815260046020526040902080546001600160a01b0319166001600160a01b0392909216919091179055565b610aea838383610b5a565b61047f576001600160a01b038316610b1857604051637e27328960e01b8152600481018290526024016103fc565b60405163177e802f60e01b81526001600160a01b0383166004820152602481018290526044016103fc565b610b4d8383610bbe565b61047f335f8585856108b3565b5f6001600160a01b03831615801590610bb65750826001600160a01b0316846001600160a01b03161480610b935750610b938484610698565b80610bb657505f828152600460205260409020546001600160a01b038481169116145b949350505050565b6001600160a01b038216610be757604051633250574960e11b81525f60048201526024016103fc565b5f610bf383835f61070a565b90506001600160a01b0381161561047f576040516339e3563760e11b81525f60048201526024016103fc565b6001600160e01b031981168114610c34575f5ffd5b50565b5f60208284031215610c47575f5ffd5b8135610c5281610c1f565b9392505050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f610c526020830184610c59565b5f60208284031215610ca9575f5ffd5b5035919050565b80356001600160a01b0381168114610cc6575f5ffd5b919050565b5f5f60408385031215610cdc575f5ffd5b610ce583610cb0565b946020939093013593505050565b5f5f5f60608486031215610d05575f5ffd5b610d0e84610cb0565b9250610d1c60208501610cb0565b929592945050506040919091013590565b5f5f5f5f60608587031215610d40575f5ffd5b610d4985610cb0565b935060208501359250604085013567ffffffffffffffff811115610d6b575f5ffd5b8501601f81018713610d7b575f5ffd5b803567ffffffffffffffff811115610d91575f5ffd5b876020828401011115610da2575f5ffd5b949793965060200194505050565b5f60208284031215610dc0575f5ffd5b610c5282610cb0565b5f5f60408385031215610dda575f5ffd5b610de383610cb0565b915060208301358015158114610df7575f5ffd5b809150509250929050565b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f60808587031215610e29575f5ffd5b610e3285610cb0565b9350610e4060208601610cb0565b925060408501359150606085013567ffffffffffffffff811115610e62575f5ffd5b8501601f81018713610e72575f5ffd5b803567ffffffffffffffff811115610e8c57610e8c610e02565b604051601f8201601f19908116603f0116810167ffffffffffffffff81118282101715610ebb57610ebb610e02565b604052818152828201602001891015610ed2575f5ffd5b816020840160208301375f6020838301015280935050505092959194509250565b5f5f60408385031215610f04575f5ffd5b610f0d83610cb0565b9150610f1b60208401610cb0565b90509250929050565b600181811c90821680610f3857607f821691505b602082108103610f5657634e487b7160e01b5f52602260045260245ffd5b50919050565b5f60018201610f7957634e487b7160e01b5f52601160045260245ffd5b5060010190565b601f82111561047f57805f5260205f20601f840160051c81016020851015610fa55750805b601f840160051c820191505b818110156109d4575f8155600101610fb1565b67ffffffffffffffff831115610fdc57610fdc610e02565b610ff083610fea8354610f24565b83610f80565b5f601f841160018114611021575f851561100a5750838201355b5f19600387901b1c1916600186901b1783556109d4565b5f83815260208120601f198716915b828110156110505786850135825560209485019460019092019101611030565b508682101561106c575f1960f88860031b161c19848701351681555b505060018560011b0183555050505050565b60208152816020820152818360408301375f818301604090810191909152601f909201601f19160101919050565b66697066733a2f2f60c81b81525f5f83546110c681610f24565b6001821680156110dd57600181146110f85761112b565b60ff198316600787015260078215158302870101935061112b565b865f5260205f205f5b8381101561112057815488820160070152600190910190602001611101565b505060078287010193505b509195945050505050565b6001600160a01b03858116825284166020820152604081018390526080606082018190525f9061116890830184610c59565b9695505050505050565b5f60208284031215611182575f5ffd5b8151610c5281610c1f56fea2646970667358221220c25ec105f915d478f0bb986e39a80c29b570b9d846cbe6a42ad863d1e0f467bb64736f6c634300081e0033",
}

// RenderNFTABI is the input ABI used to generate the binding from.
// Deprecated: Use RenderNFTMetaData.ABI instead.
var RenderNFTABI = RenderNFTMetaData.ABI

// RenderNFTBin is the compiled bytecode used for deploying new contracts.
// Deprecated: Use RenderNFTMetaData.Bin instead.
var RenderNFTBin = RenderNFTMetaData.Bin

// DeployRenderNFT deploys a new Ethereum contract, binding an instance of RenderNFT to it.
func DeployRenderNFT(auth *bind.TransactOpts, backend bind.ContractBackend, minter_ common.Address) (common.Address, *types.Transaction, *RenderNFT, error) {
	parsed, err := RenderNFTMetaData.GetAbi()
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	if parsed == nil {
		return common.Address{}, nil, nil, errors.New("GetABI returned nil")
	}

	address, tx, contract, err := bind.DeployContract(auth, *parsed, common.FromHex(RenderNFTBin), backend, minter_)
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	return address, tx, &RenderNFT{RenderNFTCaller: RenderNFTCaller{contract: contract}, RenderNFTTransactor: RenderNFTTransactor{contract: contract}, RenderNFTFilterer: RenderNFTFilterer{contract: contract}}, nil
}

// RenderNFT is an auto generated Go binding around an Ethereum contract.
type RenderNFT struct {
	RenderNFTCaller     // Read-only binding to the contract
	RenderNFTTransactor // Write-only binding to the contract
	RenderNFTFilterer   // Log filterer for contract events
}

// RenderNFTCaller is an auto generated read-only Go binding around an Ethereum contract.
type RenderNFTCaller struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RenderNFTTransactor is an auto generated write-only Go binding around an Ethereum contract.
type RenderNFTTransactor struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RenderNFTFilterer is an auto generated log filtering Go binding around an Ethereum contract events.
type RenderNFTFilterer struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RenderNFTSession is an auto generated Go binding around an Ethereum contract,
// with pre-set call and transact options.
type RenderNFTSession struct {
	Contract     *RenderNFT        // Generic contract binding to set the session for
	CallOpts     bind.CallOpts     // Call options to use throughout this session
	TransactOpts bind.TransactOpts // Transaction auth options to use throughout this session
}

// RenderNFTCallerSession is an auto generated read-only Go binding around an Ethereum contract,
// with pre-set call options.
type RenderNFTCallerSession struct {
	Contract *RenderNFTCaller // Generic contract caller binding to set the session for
	CallOpts bind.CallOpts    // Call options to use throughout this session
}

// RenderNFTTransactorSession is an auto generated write-only Go binding around an Ethereum contract,
// with pre-set transact options.
type RenderNFTTransactorSession struct {
	Contract     *RenderNFTTransactor // Generic contract transactor binding to set the session for
	TransactOpts bind.TransactOpts    // Transaction auth options to use throughout this session
}

// RenderNFTRaw is an auto generated low-level Go binding around an Ethereum contract.
type RenderNFTRaw struct {
	Contract *RenderNFT // Generic contract binding to access the raw methods on
}

// RenderNFTCallerRaw is an auto generated low-level read-only Go binding around an Ethereum contract.
type RenderNFTCallerRaw struct {
	Contract *RenderNFTCaller // Generic read-only contract binding to access the raw methods on
}

// RenderNFTTransactorRaw is an auto generated low-level write-only Go binding around an Ethereum contract.
type RenderNFTTransactorRaw struct {
	Contract *RenderNFTTransactor // Generic write-only contract binding to access the raw methods on
}

// NewRenderNFT creates a new instance of RenderNFT, bound to a specific deployed contract.
func NewRenderNFT(address common.Address, backend bind.ContractBackend) (*RenderNFT, error) {
	contract, err := bindRenderNFT(address, backend, backend, backend)
	if err != nil {
		return nil, err
	}
	return &RenderNFT{RenderNFTCaller: RenderNFTCaller{contract: contract}, RenderNFTTransactor: RenderNFTTransactor{contract: contract}, RenderNFTFilterer: RenderNFTFilterer{contract: contract}}, nil
}

// NewRenderNFTCaller creates a new read-only instance of RenderNFT, bound to a specific deployed contract.
func NewRenderNFTCaller(address common.Address, caller bind.ContractCaller) (*RenderNFTCaller, error) {
	contract, err := bindRenderNFT(address, caller, nil, nil)
	if err != nil {
		return nil, err
	}
	return &RenderNFTCaller{contract: contract}, nil
}

// NewRenderNFTTransactor creates a new write-only instance of RenderNFT, bound to a specific deployed contract.
func NewRenderNFTTransactor(address common.Address, transactor bind.ContractTransactor) (*RenderNFTTransactor, error) {
	contract, err := bindRenderNFT(address, nil, transactor, nil)
	if err != nil {
		return nil, err
	}
	return &RenderNFTTransactor{contract: contract}, nil
}

// NewRenderNFTFilterer creates a new log filterer instance of RenderNFT, bound to a specific deployed contract.
func NewRenderNFTFilterer(address common.Address, filterer bind.ContractFilterer) (*RenderNFTFilterer, error) {
	contract, err := bindRenderNFT(address, nil, nil, filterer)
	if err != nil {
		return nil, err
	}
	return &RenderNFTFilterer{contract: contract}, nil
}

// bindRenderNFT binds a generic wrapper to an already deployed contract.
func bindRenderNFT(address common.Address, caller bind.ContractCaller, transactor bind.ContractTransactor, filterer bind.ContractFilterer) (*bind.BoundContract, error) {
	parsed, err := RenderNFTMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	return bind.NewBoundContract(address, *parsed, caller, transactor, filterer), nil
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_RenderNFT *RenderNFTRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _RenderNFT.Contract.RenderNFTCaller.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_RenderNFT *RenderNFTRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _RenderNFT.Contract.RenderNFTTransactor.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_RenderNFT *RenderNFTRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _RenderNFT.Contract.RenderNFTTransactor.contract.Transact(opts, method, params...)
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_RenderNFT *RenderNFTCallerRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _RenderNFT.Contract.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_RenderNFT *RenderNFTTransactorRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _RenderNFT.Contract.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_RenderNFT *RenderNFTTransactorRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _RenderNFT.Contract.contract.Transact(opts, method, params...)
}

// BalanceOf is a free data retrieval call binding the contract method 0x70a08231.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (_RenderNFT *RenderNFTCaller) BalanceOf(opts *bind.CallOpts, owner common.Address) (*big.Int, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "balanceOf", owner)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// BalanceOf is a free data retrieval call binding the contract method 0x70a08231.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (_RenderNFT *RenderNFTSession) BalanceOf(owner common.Address) (*big.Int, error) {
	return _RenderNFT.Contract.BalanceOf(&_RenderNFT.CallOpts, owner)
}

// BalanceOf is a free data retrieval call binding the contract method 0x70a08231.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (_RenderNFT *RenderNFTCallerSession) BalanceOf(owner common.Address) (*big.Int, error) {
	return _RenderNFT.Contract.BalanceOf(&_RenderNFT.CallOpts, owner)
}

// FrameOf is a free data retrieval call binding the contract method 0xc3760a94.
//
// Solidity: function frameOf(uint256 ) view returns(bytes32)
func (_RenderNFT *RenderNFTCaller) FrameOf(opts *bind.CallOpts, arg0 *big.Int) ([32]byte, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "frameOf", arg0)

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// FrameOf is a free data retrieval call binding the contract method 0xc3760a94.
//
// Solidity: function frameOf(uint256 ) view returns(bytes32)
func (_RenderNFT *RenderNFTSession) FrameOf(arg0 *big.Int) ([32]byte, error) {
	return _RenderNFT.Contract.FrameOf(&_RenderNFT.CallOpts, arg0)
}

// FrameOf is a free data retrieval call binding the contract method 0xc3760a94.
//
// Solidity: function frameOf(uint256 ) view returns(bytes32)
func (_RenderNFT *RenderNFTCallerSession) FrameOf(arg0 *big.Int) ([32]byte, error) {
	return _RenderNFT.Contract.FrameOf(&_RenderNFT.CallOpts, arg0)
}

// GetApproved is a free data retrieval call binding the contract method 0x081812fc.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (_RenderNFT *RenderNFTCaller) GetApproved(opts *bind.CallOpts, tokenId *big.Int) (common.Address, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "getApproved", tokenId)

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// GetApproved is a free data retrieval call binding the contract method 0x081812fc.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (_RenderNFT *RenderNFTSession) GetApproved(tokenId *big.Int) (common.Address, error) {
	return _RenderNFT.Contract.GetApproved(&_RenderNFT.CallOpts, tokenId)
}

// GetApproved is a free data retrieval call binding the contract method 0x081812fc.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (_RenderNFT *RenderNFTCallerSession) GetApproved(tokenId *big.Int) (common.Address, error) {
	return _RenderNFT.Contract.GetApproved(&_RenderNFT.CallOpts, tokenId)
}

// IsApprovedForAll is a free data retrieval call binding the contract method 0xe985e9c5.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (_RenderNFT *RenderNFTCaller) IsApprovedForAll(opts *bind.CallOpts, owner common.Address, operator common.Address) (bool, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "isApprovedForAll", owner, operator)

	if err != nil {
		return *new(bool), err
	}

	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)

	return out0, err

}

// IsApprovedForAll is a free data retrieval call binding the contract method 0xe985e9c5.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (_RenderNFT *RenderNFTSession) IsApprovedForAll(owner common.Address, operator common.Address) (bool, error) {
	return _RenderNFT.Contract.IsApprovedForAll(&_RenderNFT.CallOpts, owner, operator)
}

// IsApprovedForAll is a free data retrieval call binding the contract method 0xe985e9c5.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (_RenderNFT *RenderNFTCallerSession) IsApprovedForAll(owner common.Address, operator common.Address) (bool, error) {
	return _RenderNFT.Contract.IsApprovedForAll(&_RenderNFT.CallOpts, owner, operator)
}

// Minted is a free data retrieval call binding the contract method 0x4f02c420.
//
// Solidity: function minted() view returns(uint256)
func (_RenderNFT *RenderNFTCaller) Minted(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "minted")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// Minted is a free data retrieval call binding the contract method 0x4f02c420.
//
// Solidity: function minted() view returns(uint256)
func (_RenderNFT *RenderNFTSession) Minted() (*big.Int, error) {
	return _RenderNFT.Contract.Minted(&_RenderNFT.CallOpts)
}

// Minted is a free data retrieval call binding the contract method 0x4f02c420.
//
// Solidity: function minted() view returns(uint256)
func (_RenderNFT *RenderNFTCallerSession) Minted() (*big.Int, error) {
	return _RenderNFT.Contract.Minted(&_RenderNFT.CallOpts)
}

// Minter is a free data retrieval call binding the contract method 0x07546172.
//
// Solidity: function minter() view returns(address)
func (_RenderNFT *RenderNFTCaller) Minter(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "minter")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Minter is a free data retrieval call binding the contract method 0x07546172.
//
// Solidity: function minter() view returns(address)
func (_RenderNFT *RenderNFTSession) Minter() (common.Address, error) {
	return _RenderNFT.Contract.Minter(&_RenderNFT.CallOpts)
}

// Minter is a free data retrieval call binding the contract method 0x07546172.
//
// Solidity: function minter() view returns(address)
func (_RenderNFT *RenderNFTCallerSession) Minter() (common.Address, error) {
	return _RenderNFT.Contract.Minter(&_RenderNFT.CallOpts)
}

// Name is a free data retrieval call binding the contract method 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (_RenderNFT *RenderNFTCaller) Name(opts *bind.CallOpts) (string, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "name")

	if err != nil {
		return *new(string), err
	}

	out0 := *abi.ConvertType(out[0], new(string)).(*string)

	return out0, err

}

// Name is a free data retrieval call binding the contract method 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (_RenderNFT *RenderNFTSession) Name() (string, error) {
	return _RenderNFT.Contract.Name(&_RenderNFT.CallOpts)
}

// Name is a free data retrieval call binding the contract method 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (_RenderNFT *RenderNFTCallerSession) Name() (string, error) {
	return _RenderNFT.Contract.Name(&_RenderNFT.CallOpts)
}

// OwnerOf is a free data retrieval call binding the contract method 0x6352211e.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (_RenderNFT *RenderNFTCaller) OwnerOf(opts *bind.CallOpts, tokenId *big.Int) (common.Address, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "ownerOf", tokenId)

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// OwnerOf is a free data retrieval call binding the contract method 0x6352211e.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (_RenderNFT *RenderNFTSession) OwnerOf(tokenId *big.Int) (common.Address, error) {
	return _RenderNFT.Contract.OwnerOf(&_RenderNFT.CallOpts, tokenId)
}

// OwnerOf is a free data retrieval call binding the contract method 0x6352211e.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (_RenderNFT *RenderNFTCallerSession) OwnerOf(tokenId *big.Int) (common.Address, error) {
	return _RenderNFT.Contract.OwnerOf(&_RenderNFT.CallOpts, tokenId)
}

// SupportsInterface is a free data retrieval call binding the contract method 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (_RenderNFT *RenderNFTCaller) SupportsInterface(opts *bind.CallOpts, interfaceId [4]byte) (bool, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "supportsInterface", interfaceId)

	if err != nil {
		return *new(bool), err
	}

	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)

	return out0, err

}

// SupportsInterface is a free data retrieval call binding the contract method 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (_RenderNFT *RenderNFTSession) SupportsInterface(interfaceId [4]byte) (bool, error) {
	return _RenderNFT.Contract.SupportsInterface(&_RenderNFT.CallOpts, interfaceId)
}

// SupportsInterface is a free data retrieval call binding the contract method 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (_RenderNFT *RenderNFTCallerSession) SupportsInterface(interfaceId [4]byte) (bool, error) {
	return _RenderNFT.Contract.SupportsInterface(&_RenderNFT.CallOpts, interfaceId)
}

// Symbol is a free data retrieval call binding the contract method 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (_RenderNFT *RenderNFTCaller) Symbol(opts *bind.CallOpts) (string, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "symbol")

	if err != nil {
		return *new(string), err
	}

	out0 := *abi.ConvertType(out[0], new(string)).(*string)

	return out0, err

}

// Symbol is a free data retrieval call binding the contract method 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (_RenderNFT *RenderNFTSession) Symbol() (string, error) {
	return _RenderNFT.Contract.Symbol(&_RenderNFT.CallOpts)
}

// Symbol is a free data retrieval call binding the contract method 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (_RenderNFT *RenderNFTCallerSession) Symbol() (string, error) {
	return _RenderNFT.Contract.Symbol(&_RenderNFT.CallOpts)
}

// TokenOf is a free data retrieval call binding the contract method 0xbae667bc.
//
// Solidity: function tokenOf(bytes32 ) view returns(uint256)
func (_RenderNFT *RenderNFTCaller) TokenOf(opts *bind.CallOpts, arg0 [32]byte) (*big.Int, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "tokenOf", arg0)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// TokenOf is a free data retrieval call binding the contract method 0xbae667bc.
//
// Solidity: function tokenOf(bytes32 ) view returns(uint256)
func (_RenderNFT *RenderNFTSession) TokenOf(arg0 [32]byte) (*big.Int, error) {
	return _RenderNFT.Contract.TokenOf(&_RenderNFT.CallOpts, arg0)
}

// TokenOf is a free data retrieval call binding the contract method 0xbae667bc.
//
// Solidity: function tokenOf(bytes32 ) view returns(uint256)
func (_RenderNFT *RenderNFTCallerSession) TokenOf(arg0 [32]byte) (*big.Int, error) {
	return _RenderNFT.Contract.TokenOf(&_RenderNFT.CallOpts, arg0)
}

// TokenURI is a free data retrieval call binding the contract method 0xc87b56dd.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (_RenderNFT *RenderNFTCaller) TokenURI(opts *bind.CallOpts, tokenId *big.Int) (string, error) {
	var out []interface{}
	err := _RenderNFT.contract.Call(opts, &out, "tokenURI", tokenId)

	if err != nil {
		return *new(string), err
	}

	out0 := *abi.ConvertType(out[0], new(string)).(*string)

	return out0, err

}

// TokenURI is a free data retrieval call binding the contract method 0xc87b56dd.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (_RenderNFT *RenderNFTSession) TokenURI(tokenId *big.Int) (string, error) {
	return _RenderNFT.Contract.TokenURI(&_RenderNFT.CallOpts, tokenId)
}

// TokenURI is a free data retrieval call binding the contract method 0xc87b56dd.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (_RenderNFT *RenderNFTCallerSession) TokenURI(tokenId *big.Int) (string, error) {
	return _RenderNFT.Contract.TokenURI(&_RenderNFT.CallOpts, tokenId)
}

// Approve is a paid mutator transaction binding the contract method 0x095ea7b3.
//
// Solidity: function approve(address to, uint256 tokenId) returns()
func (_RenderNFT *RenderNFTTransactor) Approve(opts *bind.TransactOpts, to common.Address, tokenId *big.Int) (*types.Transaction, error) {
	return _RenderNFT.contract.Transact(opts, "approve", to, tokenId)
}

// Approve is a paid mutator transaction binding the contract method 0x095ea7b3.
//
// Solidity: function approve(address to, uint256 tokenId) returns()
func (_RenderNFT *RenderNFTSession) Approve(to common.Address, tokenId *big.Int) (*types.Transaction, error) {
	return _RenderNFT.Contract.Approve(&_RenderNFT.TransactOpts, to, tokenId)
}

// Approve is a paid mutator transaction binding the contract method 0x095ea7b3.
//
// Solidity: function approve(address to, uint256 tokenId) returns()
func (_RenderNFT *RenderNFTTransactorSession) Approve(to common.Address, tokenId *big.Int) (*types.Transaction, error) {
	return _RenderNFT.Contract.Approve(&_RenderNFT.TransactOpts, to, tokenId)
}

// Mint is a paid mutator transaction binding the contract method 0x517e7514.
//
// Solidity: function mint(address to, bytes32 frame, string metadataCid) returns(uint256 tokenId)
func (_RenderNFT *RenderNFTTransactor) Mint(opts *bind.TransactOpts, to common.Address, frame [32]byte, metadataCid string) (*types.Transaction, error) {
	return _RenderNFT.contract.Transact(opts, "mint", to, frame, metadataCid)
}

// Mint is a paid mutator transaction binding the contract method 0x517e7514.
//
// Solidity: function mint(address to, bytes32 frame, string metadataCid) returns(uint256 tokenId)
func (_RenderNFT *RenderNFTSession) Mint(to common.Address, frame [32]byte, metadataCid string) (*types.Transaction, error) {
	return _RenderNFT.Contract.Mint(&_RenderNFT.TransactOpts, to, frame, metadataCid)
}

// Mint is a paid mutator transaction binding the contract method 0x517e7514.
//
// Solidity: function mint(address to, bytes32 frame, string metadataCid) returns(uint256 tokenId)
func (_RenderNFT *RenderNFTTransactorSession) Mint(to common.Address, frame [32]byte, metadataCid string) (*types.Transaction, error) {
	return _RenderNFT.Contract.Mint(&_RenderNFT.TransactOpts, to, frame, metadataCid)
}

// SafeTransferFrom is a paid mutator transaction binding the contract method 0x42842e0e.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId) returns()
func (_RenderNFT *RenderNFTTransactor) SafeTransferFrom(opts *bind.TransactOpts, from common.Address, to common.Address, tokenId *big.Int) (*types.Transaction, error) {
	return _RenderNFT.contract.Transact(opts, "safeTransferFrom", from, to, tokenId)
}

// SafeTransferFrom is a paid mutator transaction binding the contract method 0x42842e0e.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId) returns()
func (_RenderNFT *RenderNFTSession) SafeTransferFrom(from common.Address, to common.Address, tokenId *big.Int) (*types.Transaction, error) {
	return _RenderNFT.Contract.SafeTransferFrom(&_RenderNFT.TransactOpts, from, to, tokenId)
}

// SafeTransferFrom is a paid mutator transaction binding the contract method 0x42842e0e.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId) returns()
func (_RenderNFT *RenderNFTTransactorSession) SafeTransferFrom(from common.Address, to common.Address, tokenId *big.Int) (*types.Transaction, error) {
	return _RenderNFT.Contract.SafeTransferFrom(&_RenderNFT.TransactOpts, from, to, tokenId)
}

// SafeTransferFrom0 is a paid mutator transaction binding the contract method 0xb88d4fde.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) returns()
func (_RenderNFT *RenderNFTTransactor) SafeTransferFrom0(opts *bind.TransactOpts, from common.Address, to common.Address, tokenId *big.Int, data []byte) (*types.Transaction, error) {
	return _RenderNFT.contract.Transact(opts, "safeTransferFrom0", from, to, tokenId, data)
}

// SafeTransferFrom0 is a paid mutator transaction binding the contract method 0xb88d4fde.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) returns()
func (_RenderNFT *RenderNFTSession) SafeTransferFrom0(from common.Address, to common.Address, tokenId *big.Int, data []byte) (*types.Transaction, error) {
	return _RenderNFT.Contract.SafeTransferFrom0(&_RenderNFT.TransactOpts, from, to, tokenId, data)
}

// SafeTransferFrom0 is a paid mutator transaction binding the contract method 0xb88d4fde.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) returns()
func (_RenderNFT *RenderNFTTransactorSession) SafeTransferFrom0(from common.Address, to common.Address, tokenId *big.Int, data []byte) (*types.Transaction, error) {
	return _RenderNFT.Contract.SafeTransferFrom0(&_RenderNFT.TransactOpts, from, to, tokenId, data)
}

// SetApprovalForAll is a paid mutator transaction binding the contract method 0xa22cb465.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (_RenderNFT *RenderNFTTransactor) SetApprovalForAll(opts *bind.TransactOpts, operator common.Address, approved bool) (*types.Transaction, error) {
	return _RenderNFT.contract.Transact(opts, "setApprovalForAll", operator, approved)
}

// SetApprovalForAll is a paid mutator transaction binding the contract method 0xa22cb465.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (_RenderNFT *RenderNFTSession) SetApprovalForAll(operator common.Address, approved bool) (*types.Transaction, error) {
	return _RenderNFT.Contract.SetApprovalForAll(&_RenderNFT.TransactOpts, operator, approved)
}

// SetApprovalForAll is a paid mutator transaction binding the contract method 0xa22cb465.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (_RenderNFT *RenderNFTTransactorSession) SetApprovalForAll(operator common.Address, approved bool) (*types.Transaction, error) {
	return _RenderNFT.Contract.SetApprovalForAll(&_RenderNFT.TransactOpts, operator, approved)
}

// TransferFrom is a paid mutator transaction binding the contract method 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 tokenId) returns()
func (_RenderNFT *RenderNFTTransactor) TransferFrom(opts *bind.TransactOpts, from common.Address, to common.Address, tokenId *big.Int) (*types.Transaction, error) {
	return _RenderNFT.contract.Transact(opts, "transferFrom", from, to, tokenId)
}

// TransferFrom is a paid mutator transaction binding the contract method 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 tokenId) returns()
func (_RenderNFT *RenderNFTSession) TransferFrom(from common.Address, to common.Address, tokenId *big.Int) (*types.Transaction, error) {
	return _RenderNFT.Contract.TransferFrom(&_RenderNFT.TransactOpts, from, to, tokenId)
}

// TransferFrom is a paid mutator transaction binding the contract method 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 tokenId) returns()
func (_RenderNFT *RenderNFTTransactorSession) TransferFrom(from common.Address, to common.Address, tokenId *big.Int) (*types.Transaction, error) {
	return _RenderNFT.Contract.TransferFrom(&_RenderNFT.TransactOpts, from, to, tokenId)
}

// RenderNFTApprovalIterator is returned from FilterApproval and is used to iterate over the raw logs and unpacked data for Approval events raised by the RenderNFT contract.
type RenderNFTApprovalIterator struct {
	Event *RenderNFTApproval // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderNFTApprovalIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderNFTApproval)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderNFTApproval)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderNFTApprovalIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderNFTApprovalIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderNFTApproval represents a Approval event raised by the RenderNFT contract.
type RenderNFTApproval struct {
	Owner    common.Address
	Approved common.Address
	TokenId  *big.Int
	Raw      types.Log // Blockchain specific contextual infos
}

// FilterApproval is a free log retrieval operation binding the contract event 0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925.
//
// Solidity: event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId)
func (_RenderNFT *RenderNFTFilterer) FilterApproval(opts *bind.FilterOpts, owner []common.Address, approved []common.Address, tokenId []*big.Int) (*RenderNFTApprovalIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var approvedRule []interface{}
	for _, approvedItem := range approved {
		approvedRule = append(approvedRule, approvedItem)
	}
	var tokenIdRule []interface{}
	for _, tokenIdItem := range tokenId {
		tokenIdRule = append(tokenIdRule, tokenIdItem)
	}

	logs, sub, err := _RenderNFT.contract.FilterLogs(opts, "Approval", ownerRule, approvedRule, tokenIdRule)
	if err != nil {
		return nil, err
	}
	return &RenderNFTApprovalIterator{contract: _RenderNFT.contract, event: "Approval", logs: logs, sub: sub}, nil
}

// WatchApproval is a free log subscription operation binding the contract event 0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925.
//
// Solidity: event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId)
func (_RenderNFT *RenderNFTFilterer) WatchApproval(opts *bind.WatchOpts, sink chan<- *RenderNFTApproval, owner []common.Address, approved []common.Address, tokenId []*big.Int) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var approvedRule []interface{}
	for _, approvedItem := range approved {
		approvedRule = append(approvedRule, approvedItem)
	}
	var tokenIdRule []interface{}
	for _, tokenIdItem := range tokenId {
		tokenIdRule = append(tokenIdRule, tokenIdItem)
	}

	logs, sub, err := _RenderNFT.contract.WatchLogs(opts, "Approval", ownerRule, approvedRule, tokenIdRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderNFTApproval)
				if err := _RenderNFT.contract.UnpackLog(event, "Approval", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseApproval is a log parse operation binding the contract event 0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925.
//
// Solidity: event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId)
func (_RenderNFT *RenderNFTFilterer) ParseApproval(log types.Log) (*RenderNFTApproval, error) {
	event := new(RenderNFTApproval)
	if err := _RenderNFT.contract.UnpackLog(event, "Approval", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderNFTApprovalForAllIterator is returned from FilterApprovalForAll and is used to iterate over the raw logs and unpacked data for ApprovalForAll events raised by the RenderNFT contract.
type RenderNFTApprovalForAllIterator struct {
	Event *RenderNFTApprovalForAll // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderNFTApprovalForAllIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderNFTApprovalForAll)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderNFTApprovalForAll)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderNFTApprovalForAllIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderNFTApprovalForAllIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderNFTApprovalForAll represents a ApprovalForAll event raised by the RenderNFT contract.
type RenderNFTApprovalForAll struct {
	Owner    common.Address
	Operator common.Address
	Approved bool
	Raw      types.Log // Blockchain specific contextual infos
}

// FilterApprovalForAll is a free log retrieval operation binding the contract event 0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31.
//
// Solidity: event ApprovalForAll(address indexed owner, address indexed operator, bool approved)
func (_RenderNFT *RenderNFTFilterer) FilterApprovalForAll(opts *bind.FilterOpts, owner []common.Address, operator []common.Address) (*RenderNFTApprovalForAllIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var operatorRule []interface{}
	for _, operatorItem := range operator {
		operatorRule = append(operatorRule, operatorItem)
	}

	logs, sub, err := _RenderNFT.contract.FilterLogs(opts, "ApprovalForAll", ownerRule, operatorRule)
	if err != nil {
		return nil, err
	}
	return &RenderNFTApprovalForAllIterator{contract: _RenderNFT.contract, event: "ApprovalForAll", logs: logs, sub: sub}, nil
}

// WatchApprovalForAll is a free log subscription operation binding the contract event 0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31.
//
// Solidity: event ApprovalForAll(address indexed owner, address indexed operator, bool approved)
func (_RenderNFT *RenderNFTFilterer) WatchApprovalForAll(opts *bind.WatchOpts, sink chan<- *RenderNFTApprovalForAll, owner []common.Address, operator []common.Address) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var operatorRule []interface{}
	for _, operatorItem := range operator {
		operatorRule = append(operatorRule, operatorItem)
	}

	logs, sub, err := _RenderNFT.contract.WatchLogs(opts, "ApprovalForAll", ownerRule, operatorRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderNFTApprovalForAll)
				if err := _RenderNFT.contract.UnpackLog(event, "ApprovalForAll", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseApprovalForAll is a log parse operation binding the contract event 0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31.
//
// Solidity: event ApprovalForAll(address indexed owner, address indexed operator, bool approved)
func (_RenderNFT *RenderNFTFilterer) ParseApprovalForAll(log types.Log) (*RenderNFTApprovalForAll, error) {
	event := new(RenderNFTApprovalForAll)
	if err := _RenderNFT.contract.UnpackLog(event, "ApprovalForAll", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderNFTFrameMintedIterator is returned from FilterFrameMinted and is used to iterate over the raw logs and unpacked data for FrameMinted events raised by the RenderNFT contract.
type RenderNFTFrameMintedIterator struct {
	Event *RenderNFTFrameMinted // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderNFTFrameMintedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderNFTFrameMinted)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderNFTFrameMinted)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderNFTFrameMintedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderNFTFrameMintedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderNFTFrameMinted represents a FrameMinted event raised by the RenderNFT contract.
type RenderNFTFrameMinted struct {
	TokenId     *big.Int
	Frame       [32]byte
	To          common.Address
	MetadataCid string
	Raw         types.Log // Blockchain specific contextual infos
}

// FilterFrameMinted is a free log retrieval operation binding the contract event 0x7a8ea88044a1c0d86724b71bea96b977069baeb29bfa36bdde9230ad4724a481.
//
// Solidity: event FrameMinted(uint256 indexed tokenId, bytes32 indexed frame, address indexed to, string metadataCid)
func (_RenderNFT *RenderNFTFilterer) FilterFrameMinted(opts *bind.FilterOpts, tokenId []*big.Int, frame [][32]byte, to []common.Address) (*RenderNFTFrameMintedIterator, error) {

	var tokenIdRule []interface{}
	for _, tokenIdItem := range tokenId {
		tokenIdRule = append(tokenIdRule, tokenIdItem)
	}
	var frameRule []interface{}
	for _, frameItem := range frame {
		frameRule = append(frameRule, frameItem)
	}
	var toRule []interface{}
	for _, toItem := range to {
		toRule = append(toRule, toItem)
	}

	logs, sub, err := _RenderNFT.contract.FilterLogs(opts, "FrameMinted", tokenIdRule, frameRule, toRule)
	if err != nil {
		return nil, err
	}
	return &RenderNFTFrameMintedIterator{contract: _RenderNFT.contract, event: "FrameMinted", logs: logs, sub: sub}, nil
}

// WatchFrameMinted is a free log subscription operation binding the contract event 0x7a8ea88044a1c0d86724b71bea96b977069baeb29bfa36bdde9230ad4724a481.
//
// Solidity: event FrameMinted(uint256 indexed tokenId, bytes32 indexed frame, address indexed to, string metadataCid)
func (_RenderNFT *RenderNFTFilterer) WatchFrameMinted(opts *bind.WatchOpts, sink chan<- *RenderNFTFrameMinted, tokenId []*big.Int, frame [][32]byte, to []common.Address) (event.Subscription, error) {

	var tokenIdRule []interface{}
	for _, tokenIdItem := range tokenId {
		tokenIdRule = append(tokenIdRule, tokenIdItem)
	}
	var frameRule []interface{}
	for _, frameItem := range frame {
		frameRule = append(frameRule, frameItem)
	}
	var toRule []interface{}
	for _, toItem := range to {
		toRule = append(toRule, toItem)
	}

	logs, sub, err := _RenderNFT.contract.WatchLogs(opts, "FrameMinted", tokenIdRule, frameRule, toRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderNFTFrameMinted)
				if err := _RenderNFT.contract.UnpackLog(event, "FrameMinted", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseFrameMinted is a log parse operation binding the contract event 0x7a8ea88044a1c0d86724b71bea96b977069baeb29bfa36bdde9230ad4724a481.
//
// Solidity: event FrameMinted(uint256 indexed tokenId, bytes32 indexed frame, address indexed to, string metadataCid)
func (_RenderNFT *RenderNFTFilterer) ParseFrameMinted(log types.Log) (*RenderNFTFrameMinted, error) {
	event := new(RenderNFTFrameMinted)
	if err := _RenderNFT.contract.UnpackLog(event, "FrameMinted", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderNFTTransferIterator is returned from FilterTransfer and is used to iterate over the raw logs and unpacked data for Transfer events raised by the RenderNFT contract.
type RenderNFTTransferIterator struct {
	Event *RenderNFTTransfer // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderNFTTransferIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderNFTTransfer)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderNFTTransfer)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderNFTTransferIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderNFTTransferIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderNFTTransfer represents a Transfer event raised by the RenderNFT contract.
type RenderNFTTransfer struct {
	From    common.Address
	To      common.Address
	TokenId *big.Int
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterTransfer is a free log retrieval operation binding the contract event 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)
func (_RenderNFT *RenderNFTFilterer) FilterTransfer(opts *bind.FilterOpts, from []common.Address, to []common.Address, tokenId []*big.Int) (*RenderNFTTransferIterator, error) {

	var fromRule []interface{}
	for _, fromItem := range from {
		fromRule = append(fromRule, fromItem)
	}
	var toRule []interface{}
	for _, toItem := range to {
		toRule = append(toRule, toItem)
	}
	var tokenIdRule []interface{}
	for _, tokenIdItem := range tokenId {
		tokenIdRule = append(tokenIdRule, tokenIdItem)
	}

	logs, sub, err := _RenderNFT.contract.FilterLogs(opts, "Transfer", fromRule, toRule, tokenIdRule)
	if err != nil {
		return nil, err
	}
	return &RenderNFTTransferIterator{contract: _RenderNFT.contract, event: "Transfer", logs: logs, sub: sub}, nil
}

// WatchTransfer is a free log subscription operation binding the contract event 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)
func (_RenderNFT *RenderNFTFilterer) WatchTransfer(opts *bind.WatchOpts, sink chan<- *RenderNFTTransfer, from []common.Address, to []common.Address, tokenId []*big.Int) (event.Subscription, error) {

	var fromRule []interface{}
	for _, fromItem := range from {
		fromRule = append(fromRule, fromItem)
	}
	var toRule []interface{}
	for _, toItem := range to {
		toRule = append(toRule, toItem)
	}
	var tokenIdRule []interface{}
	for _, tokenIdItem := range tokenId {
		tokenIdRule = append(tokenIdRule, tokenIdItem)
	}

	logs, sub, err := _RenderNFT.contract.WatchLogs(opts, "Transfer", fromRule, toRule, tokenIdRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderNFTTransfer)
				if err := _RenderNFT.contract.UnpackLog(event, "Transfer", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseTransfer is a log parse operation binding the contract event 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)
func (_RenderNFT *RenderNFTFilterer) ParseTransfer(log types.Log) (*RenderNFTTransfer, error) {
	event := new(RenderNFTTransfer)
	if err := _RenderNFT.contract.UnpackLog(event, "Transfer", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderTokenMetaData contains all meta data concerning the RenderToken contract.
var RenderTokenMetaData = &bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientAllowance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSpender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"OwnableInvalidOwner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"OwnableUnauthorizedAccount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousOwner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"OwnershipTransferred\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"owner\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"renounceOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newOwner\",\"type\":\"address\"}],\"name\":\"transferOwnership\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	Bin: "0x608060405234801561000f575f5ffd5b50604051610b2e380380610b2e83398101604081905261002e91610121565b806040518060400160405280601081526020016f3932b73232b933b934b2103a37b5b2b760811b815250604051806040016040528060038152602001621491d560ea1b815250816003908161008391906101e6565b50600461009082826101e6565b5050506001600160a01b0381166100c057604051631e4fbdf760e01b81525f600482015260240160405180910390fd5b6100c9816100d0565b50506102a0565b600580546001600160a01b038381166001600160a01b0319831681179093556040519116919082907f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0905f90a35050565b5f60208284031215610131575f5ffd5b81516001600160a01b0381168114610147575f5ffd5b9392505050565b634e487b7160e01b5f52604160045260245ffd5b600181811c9082168061017657607f821691505b60208210810361019457634e487b7160e01b5f52602260045260245ffd5b50919050565b601f8211156101e157805f5260205f20601f840160051c810160208510156101bf5750805b601f840160051c820191505b818110156101de575f81556001016101cb565b50505b505050565b81516001600160401b038111156101ff576101ff61014e565b6102138161020d8454610162565b8461019a565b6020601f821160018114610245575f831561022e5750848201515b5f19600385901b1c1916600184901b1784556101de565b5f84815260208120601f198516915b828110156102745787850151825560209485019460019092019101610254565b508482101561029157868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b610881806102ad5f395ff3fe608060405234801561000f575f5ffd5b50600436106100cb575f3560e01c806370a082311161008857806395d89b411161006357806395d89b41146101a3578063a9059cbb146101ab578063dd62ed3e146101be578063f2fde38b146101f6575f5ffd5b806370a0823114610158578063715018a6146101805780638da5cb5b14610188575f5ffd5b806306fdde03146100cf578063095ea7b3146100ed57806318160ddd1461011057806323b872dd14610122578063313ce5671461013557806340c10f1914610143575b5f5ffd5b6100d7610209565b6040516100e491906106f1565b60405180910390f35b6101006100fb366004610741565b610299565b60405190151581526020016100e4565b6002545b6040519081526020016100e4565b610100610130366004610769565b6102b2565b6040515f81526020016100e4565b610156610151366004610741565b6102d5565b005b6101146101663660046107a3565b6001600160a01b03165f9081526020819052604090205490565b6101566102eb565b6005546040516001600160a01b0390911681526020016100e4565b6100d76102fe565b6101006101b9366004610741565b61030d565b6101146101cc3660046107c3565b6001600160a01b039182165f90815260016020908152604080832093909416825291909152205490565b6101566102043660046107a3565b61031a565b606060038054610218906107f4565b80601f0160208091040260200160405190810160405280929190818152602001828054610244906107f4565b801561028f5780601f106102665761010080835404028352916020019161028f565b820191905f5260205f20905b81548152906001019060200180831161027257829003601f168201915b5050505050905090565b5f336102a681858561035c565b60019150505b92915050565b5f336102bf85828561036e565b6102ca8585856103ea565b506001949350505050565b6102dd610447565b6102e78282610474565b5050565b6102f3610447565b6102fc5f6104a8565b565b606060048054610218906107f4565b5f336102a68185856103ea565b610322610447565b6001600160a01b03811661035057604051631e4fbdf760e01b81525f60048201526024015b60405180910390fd5b610359816104a8565b50565b61036983838360016104f9565b505050565b6001600160a01b038381165f908152600160209081526040808320938616835292905220545f198110156103e457818110156103d657604051637dc7a0d960e11b81526001600160a01b03841660048201526024810182905260448101839052606401610347565b6103e484848484035f6104f9565b50505050565b6001600160a01b03831661041357604051634b637e8f60e11b81525f6004820152602401610347565b6001600160a01b03821661043c5760405163ec442f0560e01b81525f6004820152602401610347565b6103698383836105cb565b6005546001600160a01b031633146102fc5760405163118cdaa760e01b8152336004820152602401610347565b6001600160a01b03821661049d5760405163ec442f0560e01b81525f6004820152602401610347565b6102e75f83836105cb565b600580546001600160a01b038381166001600160a01b0319831681179093556040519116919082907f8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0905f90a35050565b6001600160a01b0384166105225760405163e602df0560e01b81525f6004820152602401610347565b6001600160a01b03831661054b57604051634a1406b160e11b81525f6004820152602401610347565b6001600160a01b038085165f90815260016020908152604080832093871683529290522082905580156103e457826001600160a01b0316846001600160a01b03167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925846040516105bd91815260200190565b60405180910390a350505050565b6001600160a01b0383166105f5578060025f8282546105ea919061082c565b909155506106659050565b6001600160a01b0383165f90815260208190526040902054818110156106475760405163391434e360e21b81526001600160a01b03851660048201526024810182905260448101839052606401610347565b6001600160a01b0384165f9081526020819052604090209082900390555b6001600160a01b0382166106815760028054829003905561069f565b6001600160a01b0382165f9081526020819052604090208054820190555b816001600160a01b0316836001600160a01b03167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef836040516106e491815260200190565b60405180910390a3505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b80356001600160a01b038116811461073c575f5ffd5b919050565b5f5f60408385031215610752575f5ffd5b61075b83610726565b946020939093013593505050565b5f5f5f6060848603121561077b575f5ffd5b61078484610726565b925061079260208501610726565b929592945050506040919091013590565b5f602082840312156107b3575f5ffd5b6107bc82610726565b9392505050565b5f5f604083850312156107d4575f5ffd5b6107dd83610726565b91506107eb60208401610726565b90509250929050565b600181811c9082168061080857607f821691505b60208210810361082657634e487b7160e01b5f52602260045260245ffd5b50919050565b808201808211156102ac57634e487b7160e01b5f52601160045260245ffdfea26469706673582212200268222e65514aa72ad46c9301926eb98251396ef552963471566e436adcadc664736f6c634300081e0033",
}

// RenderTokenABI is the input ABI used to generate the binding from.
// Deprecated: Use RenderTokenMetaData.ABI instead.
var RenderTokenABI = RenderTokenMetaData.ABI

// RenderTokenBin is the compiled bytecode used for deploying new contracts.
// Deprecated: Use RenderTokenMetaData.Bin instead.
var RenderTokenBin = RenderTokenMetaData.Bin

// DeployRenderToken deploys a new Ethereum contract, binding an instance of RenderToken to it.
func DeployRenderToken(auth *bind.TransactOpts, backend bind.ContractBackend, owner_ common.Address) (common.Address, *types.Transaction, *RenderToken, error) {
	parsed, err := RenderTokenMetaData.GetAbi()
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	if parsed == nil {
		return common.Address{}, nil, nil, errors.New("GetABI returned nil")
	}

	address, tx, contract, err := bind.DeployContract(auth, *parsed, common.FromHex(RenderTokenBin), backend, owner_)
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	return address, tx, &RenderToken{RenderTokenCaller: RenderTokenCaller{contract: contract}, RenderTokenTransactor: RenderTokenTransactor{contract: contract}, RenderTokenFilterer: RenderTokenFilterer{contract: contract}}, nil
}

// RenderToken is an auto generated Go binding around an Ethereum contract.
type RenderToken struct {
	RenderTokenCaller     // Read-only binding to the contract
	RenderTokenTransactor // Write-only binding to the contract
	RenderTokenFilterer   // Log filterer for contract events
}

// RenderTokenCaller is an auto generated read-only Go binding around an Ethereum contract.
type RenderTokenCaller struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RenderTokenTransactor is an auto generated write-only Go binding around an Ethereum contract.
type RenderTokenTransactor struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RenderTokenFilterer is an auto generated log filtering Go binding around an Ethereum contract events.
type RenderTokenFilterer struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RenderTokenSession is an auto generated Go binding around an Ethereum contract,
// with pre-set call and transact options.
type RenderTokenSession struct {
	Contract     *RenderToken      // Generic contract binding to set the session for
	CallOpts     bind.CallOpts     // Call options to use throughout this session
	TransactOpts bind.TransactOpts // Transaction auth options to use throughout this session
}

// RenderTokenCallerSession is an auto generated read-only Go binding around an Ethereum contract,
// with pre-set call options.
type RenderTokenCallerSession struct {
	Contract *RenderTokenCaller // Generic contract caller binding to set the session for
	CallOpts bind.CallOpts      // Call options to use throughout this session
}

// RenderTokenTransactorSession is an auto generated write-only Go binding around an Ethereum contract,
// with pre-set transact options.
type RenderTokenTransactorSession struct {
	Contract     *RenderTokenTransactor // Generic contract transactor binding to set the session for
	TransactOpts bind.TransactOpts      // Transaction auth options to use throughout this session
}

// RenderTokenRaw is an auto generated low-level Go binding around an Ethereum contract.
type RenderTokenRaw struct {
	Contract *RenderToken // Generic contract binding to access the raw methods on
}

// RenderTokenCallerRaw is an auto generated low-level read-only Go binding around an Ethereum contract.
type RenderTokenCallerRaw struct {
	Contract *RenderTokenCaller // Generic read-only contract binding to access the raw methods on
}

// RenderTokenTransactorRaw is an auto generated low-level write-only Go binding around an Ethereum contract.
type RenderTokenTransactorRaw struct {
	Contract *RenderTokenTransactor // Generic write-only contract binding to access the raw methods on
}

// NewRenderToken creates a new instance of RenderToken, bound to a specific deployed contract.
func NewRenderToken(address common.Address, backend bind.ContractBackend) (*RenderToken, error) {
	contract, err := bindRenderToken(address, backend, backend, backend)
	if err != nil {
		return nil, err
	}
	return &RenderToken{RenderTokenCaller: RenderTokenCaller{contract: contract}, RenderTokenTransactor: RenderTokenTransactor{contract: contract}, RenderTokenFilterer: RenderTokenFilterer{contract: contract}}, nil
}

// NewRenderTokenCaller creates a new read-only instance of RenderToken, bound to a specific deployed contract.
func NewRenderTokenCaller(address common.Address, caller bind.ContractCaller) (*RenderTokenCaller, error) {
	contract, err := bindRenderToken(address, caller, nil, nil)
	if err != nil {
		return nil, err
	}
	return &RenderTokenCaller{contract: contract}, nil
}

// NewRenderTokenTransactor creates a new write-only instance of RenderToken, bound to a specific deployed contract.
func NewRenderTokenTransactor(address common.Address, transactor bind.ContractTransactor) (*RenderTokenTransactor, error) {
	contract, err := bindRenderToken(address, nil, transactor, nil)
	if err != nil {
		return nil, err
	}
	return &RenderTokenTransactor{contract: contract}, nil
}

// NewRenderTokenFilterer creates a new log filterer instance of RenderToken, bound to a specific deployed contract.
func NewRenderTokenFilterer(address common.Address, filterer bind.ContractFilterer) (*RenderTokenFilterer, error) {
	contract, err := bindRenderToken(address, nil, nil, filterer)
	if err != nil {
		return nil, err
	}
	return &RenderTokenFilterer{contract: contract}, nil
}

// bindRenderToken binds a generic wrapper to an already deployed contract.
func bindRenderToken(address common.Address, caller bind.ContractCaller, transactor bind.ContractTransactor, filterer bind.ContractFilterer) (*bind.BoundContract, error) {
	parsed, err := RenderTokenMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	return bind.NewBoundContract(address, *parsed, caller, transactor, filterer), nil
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_RenderToken *RenderTokenRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _RenderToken.Contract.RenderTokenCaller.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_RenderToken *RenderTokenRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _RenderToken.Contract.RenderTokenTransactor.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_RenderToken *RenderTokenRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _RenderToken.Contract.RenderTokenTransactor.contract.Transact(opts, method, params...)
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_RenderToken *RenderTokenCallerRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _RenderToken.Contract.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_RenderToken *RenderTokenTransactorRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _RenderToken.Contract.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_RenderToken *RenderTokenTransactorRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _RenderToken.Contract.contract.Transact(opts, method, params...)
}

// Allowance is a free data retrieval call binding the contract method 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (_RenderToken *RenderTokenCaller) Allowance(opts *bind.CallOpts, owner common.Address, spender common.Address) (*big.Int, error) {
	var out []interface{}
	err := _RenderToken.contract.Call(opts, &out, "allowance", owner, spender)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// Allowance is a free data retrieval call binding the contract method 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (_RenderToken *RenderTokenSession) Allowance(owner common.Address, spender common.Address) (*big.Int, error) {
	return _RenderToken.Contract.Allowance(&_RenderToken.CallOpts, owner, spender)
}

// Allowance is a free data retrieval call binding the contract method 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (_RenderToken *RenderTokenCallerSession) Allowance(owner common.Address, spender common.Address) (*big.Int, error) {
	return _RenderToken.Contract.Allowance(&_RenderToken.CallOpts, owner, spender)
}

// BalanceOf is a free data retrieval call binding the contract method 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (_RenderToken *RenderTokenCaller) BalanceOf(opts *bind.CallOpts, account common.Address) (*big.Int, error) {
	var out []interface{}
	err := _RenderToken.contract.Call(opts, &out, "balanceOf", account)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// BalanceOf is a free data retrieval call binding the contract method 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (_RenderToken *RenderTokenSession) BalanceOf(account common.Address) (*big.Int, error) {
	return _RenderToken.Contract.BalanceOf(&_RenderToken.CallOpts, account)
}

// BalanceOf is a free data retrieval call binding the contract method 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (_RenderToken *RenderTokenCallerSession) BalanceOf(account common.Address) (*big.Int, error) {
	return _RenderToken.Contract.BalanceOf(&_RenderToken.CallOpts, account)
}

// Decimals is a free data retrieval call binding the contract method 0x313ce567.
//
// Solidity: function decimals() pure returns(uint8)
func (_RenderToken *RenderTokenCaller) Decimals(opts *bind.CallOpts) (uint8, error) {
	var out []interface{}
	err := _RenderToken.contract.Call(opts, &out, "decimals")

	if err != nil {
		return *new(uint8), err
	}

	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)

	return out0, err

}

// Decimals is a free data retrieval call binding the contract method 0x313ce567.
//
// Solidity: function decimals() pure returns(uint8)
func (_RenderToken *RenderTokenSession) Decimals() (uint8, error) {
	return _RenderToken.Contract.Decimals(&_RenderToken.CallOpts)
}

// Decimals is a free data retrieval call binding the contract method 0x313ce567.
//
// Solidity: function decimals() pure returns(uint8)
func (_RenderToken *RenderTokenCallerSession) Decimals() (uint8, error) {
	return _RenderToken.Contract.Decimals(&_RenderToken.CallOpts)
}

// Name is a free data retrieval call binding the contract method 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (_RenderToken *RenderTokenCaller) Name(opts *bind.CallOpts) (string, error) {
	var out []interface{}
	err := _RenderToken.contract.Call(opts, &out, "name")

	if err != nil {
		return *new(string), err
	}

	out0 := *abi.ConvertType(out[0], new(string)).(*string)

	return out0, err

}

// Name is a free data retrieval call binding the contract method 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (_RenderToken *RenderTokenSession) Name() (string, error) {
	return _RenderToken.Contract.Name(&_RenderToken.CallOpts)
}

// Name is a free data retrieval call binding the contract method 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (_RenderToken *RenderTokenCallerSession) Name() (string, error) {
	return _RenderToken.Contract.Name(&_RenderToken.CallOpts)
}

// Owner is a free data retrieval call binding the contract method 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (_RenderToken *RenderTokenCaller) Owner(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _RenderToken.contract.Call(opts, &out, "owner")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Owner is a free data retrieval call binding the contract method 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (_RenderToken *RenderTokenSession) Owner() (common.Address, error) {
	return _RenderToken.Contract.Owner(&_RenderToken.CallOpts)
}

// Owner is a free data retrieval call binding the contract method 0x8da5cb5b.
//
// Solidity: function owner() view returns(address)
func (_RenderToken *RenderTokenCallerSession) Owner() (common.Address, error) {
	return _RenderToken.Contract.Owner(&_RenderToken.CallOpts)
}

// Symbol is a free data retrieval call binding the contract method 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (_RenderToken *RenderTokenCaller) Symbol(opts *bind.CallOpts) (string, error) {
	var out []interface{}
	err := _RenderToken.contract.Call(opts, &out, "symbol")

	if err != nil {
		return *new(string), err
	}

	out0 := *abi.ConvertType(out[0], new(string)).(*string)

	return out0, err

}

// Symbol is a free data retrieval call binding the contract method 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (_RenderToken *RenderTokenSession) Symbol() (string, error) {
	return _RenderToken.Contract.Symbol(&_RenderToken.CallOpts)
}

// Symbol is a free data retrieval call binding the contract method 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (_RenderToken *RenderTokenCallerSession) Symbol() (string, error) {
	return _RenderToken.Contract.Symbol(&_RenderToken.CallOpts)
}

// TotalSupply is a free data retrieval call binding the contract method 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (_RenderToken *RenderTokenCaller) TotalSupply(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _RenderToken.contract.Call(opts, &out, "totalSupply")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// TotalSupply is a free data retrieval call binding the contract method 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (_RenderToken *RenderTokenSession) TotalSupply() (*big.Int, error) {
	return _RenderToken.Contract.TotalSupply(&_RenderToken.CallOpts)
}

// TotalSupply is a free data retrieval call binding the contract method 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (_RenderToken *RenderTokenCallerSession) TotalSupply() (*big.Int, error) {
	return _RenderToken.Contract.TotalSupply(&_RenderToken.CallOpts)
}

// Approve is a paid mutator transaction binding the contract method 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (_RenderToken *RenderTokenTransactor) Approve(opts *bind.TransactOpts, spender common.Address, value *big.Int) (*types.Transaction, error) {
	return _RenderToken.contract.Transact(opts, "approve", spender, value)
}

// Approve is a paid mutator transaction binding the contract method 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (_RenderToken *RenderTokenSession) Approve(spender common.Address, value *big.Int) (*types.Transaction, error) {
	return _RenderToken.Contract.Approve(&_RenderToken.TransactOpts, spender, value)
}

// Approve is a paid mutator transaction binding the contract method 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (_RenderToken *RenderTokenTransactorSession) Approve(spender common.Address, value *big.Int) (*types.Transaction, error) {
	return _RenderToken.Contract.Approve(&_RenderToken.TransactOpts, spender, value)
}

// Mint is a paid mutator transaction binding the contract method 0x40c10f19.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (_RenderToken *RenderTokenTransactor) Mint(opts *bind.TransactOpts, to common.Address, amount *big.Int) (*types.Transaction, error) {
	return _RenderToken.contract.Transact(opts, "mint", to, amount)
}

// Mint is a paid mutator transaction binding the contract method 0x40c10f19.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (_RenderToken *RenderTokenSession) Mint(to common.Address, amount *big.Int) (*types.Transaction, error) {
	return _RenderToken.Contract.Mint(&_RenderToken.TransactOpts, to, amount)
}

// Mint is a paid mutator transaction binding the contract method 0x40c10f19.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (_RenderToken *RenderTokenTransactorSession) Mint(to common.Address, amount *big.Int) (*types.Transaction, error) {
	return _RenderToken.Contract.Mint(&_RenderToken.TransactOpts, to, amount)
}

// RenounceOwnership is a paid mutator transaction binding the contract method 0x715018a6.
//
// Solidity: function renounceOwnership() returns()
func (_RenderToken *RenderTokenTransactor) RenounceOwnership(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _RenderToken.contract.Transact(opts, "renounceOwnership")
}

// RenounceOwnership is a paid mutator transaction binding the contract method 0x715018a6.
//
// Solidity: function renounceOwnership() returns()
func (_RenderToken *RenderTokenSession) RenounceOwnership() (*types.Transaction, error) {
	return _RenderToken.Contract.RenounceOwnership(&_RenderToken.TransactOpts)
}

// RenounceOwnership is a paid mutator transaction binding the contract method 0x715018a6.
//
// Solidity: function renounceOwnership() returns()
func (_RenderToken *RenderTokenTransactorSession) RenounceOwnership() (*types.Transaction, error) {
	return _RenderToken.Contract.RenounceOwnership(&_RenderToken.TransactOpts)
}

// Transfer is a paid mutator transaction binding the contract method 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (_RenderToken *RenderTokenTransactor) Transfer(opts *bind.TransactOpts, to common.Address, value *big.Int) (*types.Transaction, error) {
	return _RenderToken.contract.Transact(opts, "transfer", to, value)
}

// Transfer is a paid mutator transaction binding the contract method 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (_RenderToken *RenderTokenSession) Transfer(to common.Address, value *big.Int) (*types.Transaction, error) {
	return _RenderToken.Contract.Transfer(&_RenderToken.TransactOpts, to, value)
}

// Transfer is a paid mutator transaction binding the contract method 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (_RenderToken *RenderTokenTransactorSession) Transfer(to common.Address, value *big.Int) (*types.Transaction, error) {
	return _RenderToken.Contract.Transfer(&_RenderToken.TransactOpts, to, value)
}

// TransferFrom is a paid mutator transaction binding the contract method 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (_RenderToken *RenderTokenTransactor) TransferFrom(opts *bind.TransactOpts, from common.Address, to common.Address, value *big.Int) (*types.Transaction, error) {
	return _RenderToken.contract.Transact(opts, "transferFrom", from, to, value)
}

// TransferFrom is a paid mutator transaction binding the contract method 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (_RenderToken *RenderTokenSession) TransferFrom(from common.Address, to common.Address, value *big.Int) (*types.Transaction, error) {
	return _RenderToken.Contract.TransferFrom(&_RenderToken.TransactOpts, from, to, value)
}

// TransferFrom is a paid mutator transaction binding the contract method 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (_RenderToken *RenderTokenTransactorSession) TransferFrom(from common.Address, to common.Address, value *big.Int) (*types.Transaction, error) {
	return _RenderToken.Contract.TransferFrom(&_RenderToken.TransactOpts, from, to, value)
}

// TransferOwnership is a paid mutator transaction binding the contract method 0xf2fde38b.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (_RenderToken *RenderTokenTransactor) TransferOwnership(opts *bind.TransactOpts, newOwner common.Address) (*types.Transaction, error) {
	return _RenderToken.contract.Transact(opts, "transferOwnership", newOwner)
}

// TransferOwnership is a paid mutator transaction binding the contract method 0xf2fde38b.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (_RenderToken *RenderTokenSession) TransferOwnership(newOwner common.Address) (*types.Transaction, error) {
	return _RenderToken.Contract.TransferOwnership(&_RenderToken.TransactOpts, newOwner)
}

// TransferOwnership is a paid mutator transaction binding the contract method 0xf2fde38b.
//
// Solidity: function transferOwnership(address newOwner) returns()
func (_RenderToken *RenderTokenTransactorSession) TransferOwnership(newOwner common.Address) (*types.Transaction, error) {
	return _RenderToken.Contract.TransferOwnership(&_RenderToken.TransactOpts, newOwner)
}

// RenderTokenApprovalIterator is returned from FilterApproval and is used to iterate over the raw logs and unpacked data for Approval events raised by the RenderToken contract.
type RenderTokenApprovalIterator struct {
	Event *RenderTokenApproval // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderTokenApprovalIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderTokenApproval)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderTokenApproval)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderTokenApprovalIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderTokenApprovalIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderTokenApproval represents a Approval event raised by the RenderToken contract.
type RenderTokenApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterApproval is a free log retrieval operation binding the contract event 0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (_RenderToken *RenderTokenFilterer) FilterApproval(opts *bind.FilterOpts, owner []common.Address, spender []common.Address) (*RenderTokenApprovalIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var spenderRule []interface{}
	for _, spenderItem := range spender {
		spenderRule = append(spenderRule, spenderItem)
	}

	logs, sub, err := _RenderToken.contract.FilterLogs(opts, "Approval", ownerRule, spenderRule)
	if err != nil {
		return nil, err
	}
	return &RenderTokenApprovalIterator{contract: _RenderToken.contract, event: "Approval", logs: logs, sub: sub}, nil
}

// WatchApproval is a free log subscription operation binding the contract event 0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (_RenderToken *RenderTokenFilterer) WatchApproval(opts *bind.WatchOpts, sink chan<- *RenderTokenApproval, owner []common.Address, spender []common.Address) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var spenderRule []interface{}
	for _, spenderItem := range spender {
		spenderRule = append(spenderRule, spenderItem)
	}

	logs, sub, err := _RenderToken.contract.WatchLogs(opts, "Approval", ownerRule, spenderRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderTokenApproval)
				if err := _RenderToken.contract.UnpackLog(event, "Approval", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseApproval is a log parse operation binding the contract event 0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (_RenderToken *RenderTokenFilterer) ParseApproval(log types.Log) (*RenderTokenApproval, error) {
	event := new(RenderTokenApproval)
	if err := _RenderToken.contract.UnpackLog(event, "Approval", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderTokenOwnershipTransferredIterator is returned from FilterOwnershipTransferred and is used to iterate over the raw logs and unpacked data for OwnershipTransferred events raised by the RenderToken contract.
type RenderTokenOwnershipTransferredIterator struct {
	Event *RenderTokenOwnershipTransferred // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderTokenOwnershipTransferredIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderTokenOwnershipTransferred)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderTokenOwnershipTransferred)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderTokenOwnershipTransferredIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderTokenOwnershipTransferredIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderTokenOwnershipTransferred represents a OwnershipTransferred event raised by the RenderToken contract.
type RenderTokenOwnershipTransferred struct {
	PreviousOwner common.Address
	NewOwner      common.Address
	Raw           types.Log // Blockchain specific contextual infos
}

// FilterOwnershipTransferred is a free log retrieval operation binding the contract event 0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0.
//
// Solidity: event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)
func (_RenderToken *RenderTokenFilterer) FilterOwnershipTransferred(opts *bind.FilterOpts, previousOwner []common.Address, newOwner []common.Address) (*RenderTokenOwnershipTransferredIterator, error) {

	var previousOwnerRule []interface{}
	for _, previousOwnerItem := range previousOwner {
		previousOwnerRule = append(previousOwnerRule, previousOwnerItem)
	}
	var newOwnerRule []interface{}
	for _, newOwnerItem := range newOwner {
		newOwnerRule = append(newOwnerRule, newOwnerItem)
	}

	logs, sub, err := _RenderToken.contract.FilterLogs(opts, "OwnershipTransferred", previousOwnerRule, newOwnerRule)
	if err != nil {
		return nil, err
	}
	return &RenderTokenOwnershipTransferredIterator{contract: _RenderToken.contract, event: "OwnershipTransferred", logs: logs, sub: sub}, nil
}

// WatchOwnershipTransferred is a free log subscription operation binding the contract event 0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0.
//
// Solidity: event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)
func (_RenderToken *RenderTokenFilterer) WatchOwnershipTransferred(opts *bind.WatchOpts, sink chan<- *RenderTokenOwnershipTransferred, previousOwner []common.Address, newOwner []common.Address) (event.Subscription, error) {

	var previousOwnerRule []interface{}
	for _, previousOwnerItem := range previousOwner {
		previousOwnerRule = append(previousOwnerRule, previousOwnerItem)
	}
	var newOwnerRule []interface{}
	for _, newOwnerItem := range newOwner {
		newOwnerRule = append(newOwnerRule, newOwnerItem)
	}

	logs, sub, err := _RenderToken.contract.WatchLogs(opts, "OwnershipTransferred", previousOwnerRule, newOwnerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderTokenOwnershipTransferred)
				if err := _RenderToken.contract.UnpackLog(event, "OwnershipTransferred", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseOwnershipTransferred is a log parse operation binding the contract event 0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0.
//
// Solidity: event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)
func (_RenderToken *RenderTokenFilterer) ParseOwnershipTransferred(log types.Log) (*RenderTokenOwnershipTransferred, error) {
	event := new(RenderTokenOwnershipTransferred)
	if err := _RenderToken.contract.UnpackLog(event, "OwnershipTransferred", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RenderTokenTransferIterator is returned from FilterTransfer and is used to iterate over the raw logs and unpacked data for Transfer events raised by the RenderToken contract.
type RenderTokenTransferIterator struct {
	Event *RenderTokenTransfer // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RenderTokenTransferIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RenderTokenTransfer)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RenderTokenTransfer)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RenderTokenTransferIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RenderTokenTransferIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RenderTokenTransfer represents a Transfer event raised by the RenderToken contract.
type RenderTokenTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   types.Log // Blockchain specific contextual infos
}

// FilterTransfer is a free log retrieval operation binding the contract event 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (_RenderToken *RenderTokenFilterer) FilterTransfer(opts *bind.FilterOpts, from []common.Address, to []common.Address) (*RenderTokenTransferIterator, error) {

	var fromRule []interface{}
	for _, fromItem := range from {
		fromRule = append(fromRule, fromItem)
	}
	var toRule []interface{}
	for _, toItem := range to {
		toRule = append(toRule, toItem)
	}

	logs, sub, err := _RenderToken.contract.FilterLogs(opts, "Transfer", fromRule, toRule)
	if err != nil {
		return nil, err
	}
	return &RenderTokenTransferIterator{contract: _RenderToken.contract, event: "Transfer", logs: logs, sub: sub}, nil
}

// WatchTransfer is a free log subscription operation binding the contract event 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (_RenderToken *RenderTokenFilterer) WatchTransfer(opts *bind.WatchOpts, sink chan<- *RenderTokenTransfer, from []common.Address, to []common.Address) (event.Subscription, error) {

	var fromRule []interface{}
	for _, fromItem := range from {
		fromRule = append(fromRule, fromItem)
	}
	var toRule []interface{}
	for _, toItem := range to {
		toRule = append(toRule, toItem)
	}

	logs, sub, err := _RenderToken.contract.WatchLogs(opts, "Transfer", fromRule, toRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RenderTokenTransfer)
				if err := _RenderToken.contract.UnpackLog(event, "Transfer", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseTransfer is a log parse operation binding the contract event 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (_RenderToken *RenderTokenFilterer) ParseTransfer(log types.Log) (*RenderTokenTransfer, error) {
	event := new(RenderTokenTransfer)
	if err := _RenderToken.contract.UnpackLog(event, "Transfer", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}
