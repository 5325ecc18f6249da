// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title RenderToken
/// @notice The farm's ERC-20. One token is one base unit of the rendergrid
/// ledger (no decimals), so amounts read the same on chain and in the ledger.
/// The owner mints: a faucet on dev chains. The escrow takes any ERC-20.
contract RenderToken is ERC20, Ownable {
    constructor(address owner_) ERC20("rendergrid token", "RGT") Ownable(owner_) {}

    /// @notice Creates amount tokens for to.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Whole base units: the ledger has no fractions.
    function decimals() public pure override returns (uint8) {
        return 0;
    }
}
