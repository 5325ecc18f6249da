// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title RenderNFT
/// @notice Rendered frames as ERC-721 tokens. tokenURI is ipfs://<metadata
/// CID>; the metadata names the scene, the job, the frame, the worker and
/// the receipt. A frame (keccak256 of "job/frame") is minted at most once.
/// Only the minter (the farm's settlement key) mints; the farm checks that
/// the caller owns the job before it asks.
contract RenderNFT is ERC721 {
    address public immutable minter;
    uint256 public minted;
    mapping(uint256 => string) private metadata;
    mapping(uint256 => bytes32) public frameOf;
    mapping(bytes32 => uint256) public tokenOf;

    error NotMinter(address caller);
    error FrameAlreadyMinted(bytes32 frame, uint256 tokenId);
    error EmptyMetadata();

    event FrameMinted(uint256 indexed tokenId, bytes32 indexed frame, address indexed to, string metadataCid);

    constructor(address minter_) ERC721("rendergrid frame", "RGF") {
        minter = minter_;
    }

    /// @notice Mints the next token id for frame to to, with its metadata CID.
    function mint(address to, bytes32 frame, string calldata metadataCid) external returns (uint256 tokenId) {
        if (msg.sender != minter) revert NotMinter(msg.sender);
        if (bytes(metadataCid).length == 0) revert EmptyMetadata();
        if (tokenOf[frame] != 0) revert FrameAlreadyMinted(frame, tokenOf[frame]);
        tokenId = ++minted;
        tokenOf[frame] = tokenId;
        frameOf[tokenId] = frame;
        metadata[tokenId] = metadataCid;
        _safeMint(to, tokenId);
        emit FrameMinted(tokenId, frame, to, metadataCid);
    }

    /// @notice ipfs://<metadata CID>.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        return string.concat("ipfs://", metadata[tokenId]);
    }
}
