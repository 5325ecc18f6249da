// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title RenderEscrow
/// @notice Holds the money of a rendergrid farm on an EVM chain.
///
/// Jobs: an artist funds a job (its key is keccak256 of the farm's job id);
/// the farm's signers settle the job's accepted frames in batches, each batch
/// carrying the cumulative amount every payee has earned on the job, so a
/// batch pays only the difference and a replayed or reordered batch pays
/// nothing. A job never pays out more than it was funded with; the last batch
/// closes it and refunds the rest. A single receipt, countersigned by a
/// signer, can also be settled on its own (the costly path, kept for jobs
/// that never batched).
///
/// Bridge: deposits credit the depositor's account in the farm's embedded
/// ledger exactly once, keyed by (depositor, nonce); a withdrawal voucher
/// signed by a signer pays a ledger balance out of the deposits, once per
/// nonce.
contract RenderEscrow {
    using SafeERC20 for IERC20;

    /// @notice A worker's completion receipt, as rendergrid signs it (EIP-712).
    struct Receipt {
        string job;
        uint64 frame;
        uint64 tile;
        uint64 leaseEpoch;
        string sceneCid;
        bytes32 paramsHash;
        string outputCid;
        uint64 samples;
        uint64 renderMs;
        string engine;
        address worker;
        uint256 chainId;
    }

    /// @notice A receipt the farm accepted, with its price and fee.
    struct Acceptance {
        Receipt receipt;
        uint256 price;
        uint256 fee;
        uint64 acceptedAt;
    }

    /// @notice A job's money on chain.
    struct Job {
        address owner;
        uint64 seq;
        uint64 fundedAt;
        bool closed;
        uint256 funded;
        uint256 spent;
    }

    bytes32 private constant DOMAIN_TYPEHASH = keccak256("EIP712Domain(string name,string version,uint256 chainId)");
    bytes32 private constant RECEIPT_TYPEHASH = keccak256(
        "Receipt(string job,uint64 frame,uint64 tile,uint64 leaseEpoch,string sceneCid,bytes32 paramsHash,string outputCid,uint64 samples,uint64 renderMs,string engine,address worker,uint256 chainId)"
    );
    bytes32 private constant ACCEPTANCE_TYPEHASH = keccak256(
        "Acceptance(Receipt receipt,uint256 price,uint256 fee,uint64 acceptedAt)Receipt(string job,uint64 frame,uint64 tile,uint64 leaseEpoch,string sceneCid,bytes32 paramsHash,string outputCid,uint64 samples,uint64 renderMs,string engine,address worker,uint256 chainId)"
    );
    bytes32 private constant BATCH_TYPEHASH = keccak256(
        "Batch(address escrow,bytes32 job,uint64 seq,bytes32 receipts,uint64 frames,address[] payees,uint256[] cumulative,bool close)"
    );
    bytes32 private constant WITHDRAWAL_TYPEHASH =
        keccak256("Withdrawal(address escrow,address to,uint256 amount,uint64 nonce)");

    /// @notice How long after funding an artist may take back what a job did not spend.
    uint64 public constant RECLAIM_AFTER = 30 days;

    IERC20 public immutable token;
    address public immutable owner;
    address public immutable treasury;
    address public immutable nft;

    mapping(address => bool) public signers;
    mapping(bytes32 => Job) public jobs;
    mapping(bytes32 => mapping(address => uint256)) public paid;
    mapping(bytes32 => bool) public settled;
    uint256 public reserve;
    mapping(address => uint64) public deposits;
    mapping(uint64 => bool) public withdrawn;

    event SignerSet(address indexed signer, bool allowed);
    event Funded(bytes32 indexed job, address indexed owner, uint256 amount, uint256 funded);
    event Settled(bytes32 indexed job, uint64 seq, bytes32 receipts, uint64 frames, uint256 amount);
    event ReceiptSettled(bytes32 indexed digest, bytes32 indexed job, address indexed worker, uint256 price, uint256 fee);
    event Closed(bytes32 indexed job, uint256 refund);
    event Deposited(address indexed from, uint64 indexed nonce, uint256 amount);
    event Withdrawn(address indexed to, uint64 indexed nonce, uint256 amount);

    error NotOwner(address caller);
    error ZeroAmount();
    error NotJobOwner(bytes32 job, address owner);
    error JobNotFunded(bytes32 job);
    error JobClosed(bytes32 job);
    error BadSequence(bytes32 job, uint64 want, uint64 got);
    error UnknownSigner(address recovered);
    error WorkerSignature(address recovered, address worker);
    error WrongChain(uint256 receiptChain, uint256 chain);
    error LengthMismatch(uint256 payees, uint256 cumulative);
    error CumulativeDecreased(address payee, uint256 paid, uint256 cumulative);
    error EscrowExhausted(bytes32 job, uint256 funded, uint256 wouldSpend);
    error AlreadySettled(bytes32 digest);
    error JobSettlesInBatches(bytes32 job);
    error FeeOverPrice(uint256 price, uint256 fee);
    error TooEarly(uint256 at);
    error VoucherUsed(uint64 nonce);
    error ReserveTooLow(uint256 reserve, uint256 amount);

    constructor(IERC20 token_, address treasury_, address nft_, address[] memory signers_) {
        token = token_;
        owner = msg.sender;
        treasury = treasury_;
        nft = nft_;
        for (uint256 i = 0; i < signers_.length; i++) {
            signers[signers_[i]] = true;
            emit SignerSet(signers_[i], true);
        }
    }

    /// @notice Allows or revokes a farm signer (a coordinator node's key).
    function setSigner(address signer, bool allowed) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        signers[signer] = allowed;
        emit SignerSet(signer, allowed);
    }

    /// @notice The key of a farm job id on chain.
    function jobKey(string calldata job) external pure returns (bytes32) {
        return keccak256(bytes(job));
    }

    /// @notice Funds job with amount tokens (approve first). The first funder owns the job.
    function fund(bytes32 job, uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Job storage j = jobs[job];
        if (j.owner == address(0)) {
            j.owner = msg.sender;
            j.fundedAt = uint64(block.timestamp);
        } else if (j.owner != msg.sender) {
            revert NotJobOwner(job, j.owner);
        }
        if (j.closed) revert JobClosed(job);
        j.funded += amount;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Funded(job, j.owner, amount, j.funded);
    }

    /// @notice Settles a batch of a job's accepted frames: pays each payee its
    /// cumulative earnings on the job minus what it was already paid. Anyone
    /// may submit a batch a farm signer signed; batches apply in sequence.
    function settleBatch(
        bytes32 job,
        uint64 seq,
        bytes32 receipts,
        uint64 frames,
        address[] calldata payees,
        uint256[] calldata cumulative,
        bool close,
        bytes calldata signature
    ) external {
        if (payees.length != cumulative.length) revert LengthMismatch(payees.length, cumulative.length);
        Job storage j = jobs[job];
        if (j.owner == address(0)) revert JobNotFunded(job);
        if (j.closed) revert JobClosed(job);
        if (seq != j.seq + 1) revert BadSequence(job, j.seq + 1, seq);
        address signer =
            ECDSA.recover(_batchDigest(job, seq, receipts, frames, payees, cumulative, close), signature);
        if (!signers[signer]) revert UnknownSigner(signer);
        uint256 total = _pay(job, j, payees, cumulative);
        j.seq = seq;
        emit Settled(job, seq, receipts, frames, total);
        if (close) _close(job, j);
    }

    /// @notice Settles one accepted receipt: the worker's signature over the
    /// receipt and a farm signer's over the acceptance (price and fee).
    function settle(Acceptance calldata a, bytes calldata workerSignature, bytes calldata signerSignature) external {
        Receipt calldata r = a.receipt;
        if (r.chainId != block.chainid) revert WrongChain(r.chainId, block.chainid);
        if (a.fee > a.price) revert FeeOverPrice(a.price, a.fee);
        bytes32 job = keccak256(bytes(r.job));
        Job storage j = jobs[job];
        if (j.owner == address(0)) revert JobNotFunded(job);
        if (j.closed) revert JobClosed(job);
        if (j.seq != 0) revert JobSettlesInBatches(job);
        bytes32 digest = _checkAcceptance(a, workerSignature, signerSignature);
        if (settled[digest]) revert AlreadySettled(digest);
        settled[digest] = true;

        uint256 spent = j.spent + a.price;
        if (spent > j.funded) revert EscrowExhausted(job, j.funded, spent);
        j.spent = spent;
        paid[job][r.worker] += a.price - a.fee;
        paid[job][treasury] += a.fee;
        token.safeTransfer(r.worker, a.price - a.fee);
        if (a.fee > 0) token.safeTransfer(treasury, a.fee);
        emit ReceiptSettled(digest, job, r.worker, a.price, a.fee);
    }

    /// @dev Checks both signatures and returns the receipt's digest.
    function _checkAcceptance(Acceptance calldata a, bytes calldata workerSignature, bytes calldata signerSignature)
        private
        view
        returns (bytes32 digest)
    {
        bytes32 rh = _hashReceipt(a.receipt);
        digest = _typed(rh);
        address w = ECDSA.recover(digest, workerSignature);
        if (w != a.receipt.worker) revert WorkerSignature(w, a.receipt.worker);
        address s = ECDSA.recover(
            _typed(keccak256(abi.encode(ACCEPTANCE_TYPEHASH, rh, a.price, a.fee, a.acceptedAt))), signerSignature
        );
        if (!signers[s]) revert UnknownSigner(s);
    }

    /// @notice Lets a job's owner take back what it did not spend, once
    /// RECLAIM_AFTER has passed since funding (if the farm never closed it).
    function reclaim(bytes32 job) external {
        Job storage j = jobs[job];
        if (j.owner != msg.sender) revert NotJobOwner(job, j.owner);
        if (j.closed) revert JobClosed(job);
        if (block.timestamp < j.fundedAt + RECLAIM_AFTER) revert TooEarly(j.fundedAt + RECLAIM_AFTER);
        _close(job, j);
    }

    /// @notice Deposits amount tokens (approve first) to credit the sender's
    /// account in the farm's embedded ledger.
    function deposit(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint64 nonce = deposits[msg.sender]++;
        reserve += amount;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Deposited(msg.sender, nonce, amount);
    }

    /// @notice Pays out an embedded-ledger balance: a voucher a farm signer
    /// signed when the ledger debited it. Anyone may submit it; it pays once.
    function withdraw(address to, uint256 amount, uint64 nonce, bytes calldata signature) external {
        if (withdrawn[nonce]) revert VoucherUsed(nonce);
        address s = ECDSA.recover(
            _typed(keccak256(abi.encode(WITHDRAWAL_TYPEHASH, address(this), to, amount, nonce))), signature
        );
        if (!signers[s]) revert UnknownSigner(s);
        if (reserve < amount) revert ReserveTooLow(reserve, amount);
        withdrawn[nonce] = true;
        reserve -= amount;
        token.safeTransfer(to, amount);
        emit Withdrawn(to, nonce, amount);
    }

    function _batchDigest(
        bytes32 job,
        uint64 seq,
        bytes32 receipts,
        uint64 frames,
        address[] calldata payees,
        uint256[] calldata cumulative,
        bool close
    ) private view returns (bytes32) {
        return _typed(
            keccak256(
                abi.encode(
                    BATCH_TYPEHASH,
                    address(this),
                    job,
                    seq,
                    receipts,
                    frames,
                    keccak256(abi.encodePacked(payees)),
                    keccak256(abi.encodePacked(cumulative)),
                    close
                )
            )
        );
    }

    /// @dev Pays each payee the rise of its cumulative amount, after
    /// checking that the job can afford the whole batch.
    function _pay(bytes32 job, Job storage j, address[] calldata payees, uint256[] calldata cumulative)
        private
        returns (uint256 total)
    {
        mapping(address => uint256) storage p = paid[job];
        for (uint256 i = 0; i < payees.length; i++) {
            uint256 before = p[payees[i]];
            if (cumulative[i] < before) revert CumulativeDecreased(payees[i], before, cumulative[i]);
            total += cumulative[i] - before;
        }
        uint256 spent = j.spent + total;
        if (spent > j.funded) revert EscrowExhausted(job, j.funded, spent);
        j.spent = spent;
        for (uint256 i = 0; i < payees.length; i++) {
            uint256 delta = cumulative[i] - p[payees[i]];
            if (delta == 0) continue;
            p[payees[i]] = cumulative[i];
            token.safeTransfer(payees[i], delta);
        }
    }

    function _close(bytes32 job, Job storage j) private {
        j.closed = true;
        uint256 refund = j.funded - j.spent;
        j.spent = j.funded;
        if (refund > 0) token.safeTransfer(j.owner, refund);
        emit Closed(job, refund);
    }

    function _typed(bytes32 structHash) private view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("rendergrid"), keccak256("1"), block.chainid)
        );
        return keccak256(abi.encodePacked(hex"1901", domain, structHash));
    }

    function _hashReceipt(Receipt calldata r) private pure returns (bytes32) {
        return keccak256(
            bytes.concat(
                abi.encode(
                    RECEIPT_TYPEHASH,
                    keccak256(bytes(r.job)),
                    r.frame,
                    r.tile,
                    r.leaseEpoch,
                    keccak256(bytes(r.sceneCid)),
                    r.paramsHash
                ),
                abi.encode(
                    keccak256(bytes(r.outputCid)), r.samples, r.renderMs, keccak256(bytes(r.engine)), r.worker, r.chainId
                )
            )
        );
    }
}
