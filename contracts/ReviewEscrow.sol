// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Tessera review escrow
/// @notice Holds what stands behind a review: reviewers' stakes, per campaign, and contributors' appeal bonds.
/// @dev The platform's settlement worker holds ARBITER_ROLE and can only move escrowed DATA along the documented
///      rules: a slashed stake goes to the treasury (never to the arbiter), and a bond is paid out whole, once, to the
///      recipients its settlement names. A reviewer leaves in two steps: a withdrawal request stops the stake backing
///      new reviews at once and starts a cooldown, during which the stake can still be slashed for reviews already
///      given (the cooldown is set longer than any campaign's appeal window); only then can it be withdrawn.
///      Campaigns and bonds are named by bytes32 ids the platform derives from its own ids.
contract ReviewEscrow is AccessControl {
    using SafeERC20 for IERC20;

    /// @notice Role allowed to slash stakes and settle bonds: the settlement worker's wallet.
    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER_ROLE");

    struct StakeState {
        /// @dev Backs reviews now.
        uint128 active;
        /// @dev Asked back; withdrawable from `unlockAt`, slashable until withdrawn.
        uint128 leaving;
        uint64 unlockAt;
    }

    struct Bond {
        address poster;
        uint128 amount;
        bool settled;
    }

    IERC20 private immutable _token;
    address private immutable _treasury;
    uint64 private immutable _cooldown;

    mapping(bytes32 campaign => mapping(address reviewer => StakeState)) private _stakes;
    mapping(bytes32 bondId => Bond) private _bonds;

    event Staked(bytes32 indexed campaign, address indexed reviewer, uint256 amount, uint256 active);
    event WithdrawalRequested(bytes32 indexed campaign, address indexed reviewer, uint256 amount, uint64 unlockAt);
    event Withdrawn(bytes32 indexed campaign, address indexed reviewer, uint256 amount);
    event Slashed(bytes32 indexed campaign, address indexed reviewer, uint256 amount, bytes32 reason);
    event BondPosted(bytes32 indexed bondId, address indexed poster, uint256 amount);
    event BondSettled(bytes32 indexed bondId, uint256 recipients, uint256 total);

    error ReviewEscrowZeroAddress();
    error ZeroAmount();
    error AmountTooLarge(uint256 amount);
    error InsufficientStake(uint256 requested, uint256 active);
    error NothingToWithdraw();
    error CooldownRunning(uint64 unlockAt);
    error SlashExceedsStake(uint256 requested, uint256 staked);
    error BondExists(bytes32 bondId);
    error UnknownBond(bytes32 bondId);
    error BondAlreadySettled(bytes32 bondId);
    error SettlementMismatch(uint256 recipients, uint256 amounts);
    error SettlementTotal(uint256 total, uint256 bond);
    error ZeroRecipient(uint256 index);

    /// @param token_ The DATA token staked and bonded (ERC-2612 permit for the one-signature paths).
    /// @param treasury_ Receives slashed stakes: the RewardDistributor's treasury.
    /// @param cooldown_ Seconds between a withdrawal request and the withdrawal.
    /// @param admin Gets DEFAULT_ADMIN_ROLE: grants and revokes arbiters.
    /// @param arbiter Gets ARBITER_ROLE: the settlement worker's wallet.
    constructor(IERC20 token_, address treasury_, uint64 cooldown_, address admin, address arbiter) {
        bool anyZero = address(token_) == address(0) || treasury_ == address(0) || admin == address(0) || arbiter == address(0);
        require(!anyZero, ReviewEscrowZeroAddress());
        _token = token_;
        _treasury = treasury_;
        _cooldown = cooldown_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ARBITER_ROLE, arbiter);
    }

    // ---- stakes ----

    /// @notice Adds `amount` DATA wei to the caller's stake in `campaign`; needs an allowance (approve first).
    function stake(bytes32 campaign, uint256 amount) external {
        _stake(campaign, amount);
    }

    /// @notice `stake` with an ERC-2612 permit signature instead of a separate approve transaction.
    function stakeWithPermit(bytes32 campaign, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        _permit(amount, deadline, v, r, s);
        _stake(campaign, amount);
    }

    /// @notice Stops `amount` of the caller's stake backing reviews and starts the cooldown for all that is leaving.
    function requestWithdrawal(bytes32 campaign, uint256 amount) external {
        require(amount != 0, ZeroAmount());
        StakeState storage s = _stakes[campaign][msg.sender];
        require(amount <= s.active, InsufficientStake(amount, s.active));
        s.active -= uint128(amount);
        s.leaving += uint128(amount);
        s.unlockAt = uint64(block.timestamp) + _cooldown;
        emit WithdrawalRequested(campaign, msg.sender, amount, s.unlockAt);
    }

    /// @notice Sends the caller what is leaving their stake in `campaign`, once its cooldown is over.
    function withdraw(bytes32 campaign) external {
        StakeState storage s = _stakes[campaign][msg.sender];
        uint256 amount = s.leaving;
        require(amount != 0, NothingToWithdraw());
        require(block.timestamp >= s.unlockAt, CooldownRunning(s.unlockAt));
        s.leaving = 0;
        s.unlockAt = 0;
        emit Withdrawn(campaign, msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    /// @notice Takes `amount` from `reviewer`'s stake in `campaign` (active first, then what is leaving) to the treasury.
    /// @param reason The platform's id of the finding (a gold-accuracy audit, a panel's collusion finding).
    function slash(bytes32 campaign, address reviewer, uint256 amount, bytes32 reason) external onlyRole(ARBITER_ROLE) {
        require(amount != 0, ZeroAmount());
        StakeState storage s = _stakes[campaign][reviewer];
        uint256 staked = uint256(s.active) + s.leaving;
        require(amount <= staked, SlashExceedsStake(amount, staked));
        uint128 fromActive = uint128(amount <= s.active ? amount : s.active);
        s.active -= fromActive;
        s.leaving -= uint128(amount) - fromActive;
        emit Slashed(campaign, reviewer, amount, reason);
        _token.safeTransfer(_treasury, amount);
    }

    // ---- appeal bonds ----

    /// @notice Locks `amount` DATA wei of the caller as the bond `bondId` (once per id); needs an allowance.
    function postBond(bytes32 bondId, uint256 amount) external {
        _postBond(bondId, amount);
    }

    /// @notice `postBond` with an ERC-2612 permit signature instead of a separate approve transaction.
    function postBondWithPermit(bytes32 bondId, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        _permit(amount, deadline, v, r, s);
        _postBond(bondId, amount);
    }

    /// @notice Pays bond `bondId` out whole, once: `amounts[i]` to `recipients[i]`, summing to the bond.
    /// @dev Overturned: the poster gets it back; upheld: the panel and the treasury share it.
    function settleBond(bytes32 bondId, address[] calldata recipients, uint256[] calldata amounts) external onlyRole(ARBITER_ROLE) {
        Bond storage bond = _bonds[bondId];
        require(bond.poster != address(0), UnknownBond(bondId));
        require(!bond.settled, BondAlreadySettled(bondId));
        uint256 count = recipients.length;
        require(count == amounts.length && count != 0, SettlementMismatch(count, amounts.length));
        uint256 total;
        for (uint256 i; i < count; ++i) {
            require(recipients[i] != address(0), ZeroRecipient(i));
            total += amounts[i];
        }
        require(total == bond.amount, SettlementTotal(total, bond.amount));
        bond.settled = true;
        emit BondSettled(bondId, count, total);
        for (uint256 i; i < count; ++i) {
            if (amounts[i] != 0) _token.safeTransfer(recipients[i], amounts[i]);
        }
    }

    // ---- views ----

    function token() external view returns (IERC20) {
        return _token;
    }

    function treasury() external view returns (address) {
        return _treasury;
    }

    function cooldown() external view returns (uint64) {
        return _cooldown;
    }

    /// @notice `reviewer`'s stake in `campaign`: backing reviews, leaving, and when what is leaving unlocks.
    function stakeOf(bytes32 campaign, address reviewer) external view returns (uint256 active, uint256 leaving, uint64 unlockAt) {
        StakeState storage s = _stakes[campaign][reviewer];
        return (s.active, s.leaving, s.unlockAt);
    }

    /// @notice Bond `bondId`: who posted it, how much, and whether it was settled (zero poster: no such bond).
    function bondOf(bytes32 bondId) external view returns (address poster, uint256 amount, bool settled) {
        Bond storage bond = _bonds[bondId];
        return (bond.poster, bond.amount, bond.settled);
    }

    // ---- internals ----

    function _stake(bytes32 campaign, uint256 amount) private {
        require(amount != 0, ZeroAmount());
        StakeState storage s = _stakes[campaign][msg.sender];
        require(amount <= type(uint128).max - s.active, AmountTooLarge(amount));
        s.active += uint128(amount);
        emit Staked(campaign, msg.sender, amount, s.active);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    function _postBond(bytes32 bondId, uint256 amount) private {
        require(amount != 0, ZeroAmount());
        require(amount <= type(uint128).max, AmountTooLarge(amount));
        require(_bonds[bondId].poster == address(0), BondExists(bondId));
        _bonds[bondId] = Bond({poster: msg.sender, amount: uint128(amount), settled: false});
        emit BondPosted(bondId, msg.sender, amount);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @dev A permit someone front-ran (submitted first from the mempool) leaves the allowance in place: the transfer
    ///      then goes through on it, so a failed permit is ignored and the transfer decides.
    function _permit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) private {
        try IERC20Permit(address(_token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
    }
}
