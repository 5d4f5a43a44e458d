// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Tessera Data (DATA)
/// @notice The reward token paid to contributors and reviewers for accepted work, and spent by buyers on datasets.
/// @dev Supply starts at zero and grows only through `mint`, so every token in circulation traces back to a payout
///      the marketplace decided on. Permit (ERC-2612) lets a buyer approve a purchase with a signature instead of a
///      separate approve transaction.
contract DataToken is ERC20, ERC20Permit, AccessControl {
    /// @notice Role allowed to mint: the admin, who funds the RewardDistributor's treasury. Never the distributor itself.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @notice The constructor was given the zero address as admin.
    error DataTokenZeroAdmin();

    /// @param admin Receives DEFAULT_ADMIN_ROLE (to grant and revoke minters) and MINTER_ROLE (to pay out at once).
    constructor(address admin) ERC20("Tessera Data", "DATA") ERC20Permit("Tessera Data") {
        // A token whose admin is the zero address could never mint nor be repaired: refuse it up front.
        require(admin != address(0), DataTokenZeroAdmin());
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
    }

    /// @notice Creates `amount` DATA (in wei, 18 decimals) for `to`.
    /// @dev Rewards are not minted: they are paid from the RewardDistributor's funded treasury, which bounds what a
    ///      compromised payer key could move. The role check reverts with AccessControlUnauthorizedAccount(caller,
    ///      MINTER_ROLE).
    /// @param to The recipient of the new tokens.
    /// @param amount The amount in wei.
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }
}
