// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Tessera dataset registry
/// @notice Commits each published dataset version (Merkle root, price, licence hash) once and for all, and sells
///         access to it for DATA: the buyer's payment goes straight to the revenue sink, the RewardDistributor's
///         treasury, from which the payout worker pays the contributors' and reviewers' revenue shares.
/// @dev The server credits access only from `Purchased` events. A buyer can buy a version once (a double click or a
///      replayed transaction must not charge twice).
contract DatasetRegistry is AccessControl {
    using SafeERC20 for IERC20;

    /// @notice Role allowed to publish versions: the platform's publishing wallet.
    bytes32 public constant PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");

    struct Version {
        bytes32 merkleRoot;
        uint256 price;
        bytes32 licenceHash;
        uint256 publishedAtBlock;
    }

    IERC20 private immutable _token;
    address private immutable _revenueSink;
    mapping(bytes32 versionId => Version) private _versions;
    mapping(bytes32 versionId => mapping(address buyer => bool)) private _purchased;

    event Published(bytes32 indexed versionId, bytes32 merkleRoot, uint256 price, bytes32 licenceHash);
    event Purchased(address indexed buyer, bytes32 indexed versionId, uint256 price);

    error DatasetRegistryZeroAddress();
    error AlreadyPublished(bytes32 versionId);
    error EmptyMerkleRoot();
    error ZeroPrice();
    error UnknownVersion(bytes32 versionId);
    error AlreadyPurchased(address buyer, bytes32 versionId);

    /// @param token_ The DATA token (ERC-20 with ERC-2612 permit) prices are paid in.
    /// @param revenueSink_ Receives every payment: the RewardDistributor, whose treasury pays revenue shares.
    /// @param admin Gets DEFAULT_ADMIN_ROLE: grants and revokes publishers.
    /// @param publisher Gets PUBLISHER_ROLE.
    constructor(IERC20 token_, address revenueSink_, address admin, address publisher) {
        bool anyZero = address(token_) == address(0) || revenueSink_ == address(0) || admin == address(0) || publisher == address(0);
        require(!anyZero, DatasetRegistryZeroAddress());
        _token = token_;
        _revenueSink = revenueSink_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PUBLISHER_ROLE, publisher);
    }

    /// @notice Publishes version `versionId`; it can never be changed afterwards.
    /// @param versionId keccak256 of the version's database id.
    /// @param merkleRoot Root of the OpenZeppelin StandardMerkleTree over the version's samples.
    /// @param price What one purchase costs, in DATA wei; not zero.
    /// @param licenceHash keccak256 of the licence's SPDX id.
    function publish(bytes32 versionId, bytes32 merkleRoot, uint256 price, bytes32 licenceHash) external onlyRole(PUBLISHER_ROLE) {
        require(_versions[versionId].publishedAtBlock == 0, AlreadyPublished(versionId));
        require(merkleRoot != bytes32(0), EmptyMerkleRoot());
        require(price != 0, ZeroPrice());
        _versions[versionId] = Version(merkleRoot, price, licenceHash, block.number);
        emit Published(versionId, merkleRoot, price, licenceHash);
    }

    /// @notice Buys `versionId` at its price, pulled from the caller with transferFrom: approve this contract first.
    /// @param versionId The version to buy.
    function purchase(bytes32 versionId) external {
        _purchase(versionId);
    }

    /// @notice Buys `versionId` in one transaction, with an ERC-2612 permit signed by the caller for exactly the price.
    /// @dev The permit is not wrapped in try/catch: a replayed or front-run permit reverts (its nonce is spent), so a
    ///      signature buys at most once.
    /// @param versionId The version to buy.
    /// @param deadline The permit's deadline.
    /// @param v Signature part.
    /// @param r Signature part.
    /// @param s Signature part.
    function purchaseWithPermit(bytes32 versionId, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external {
        uint256 price = _versions[versionId].price;
        require(price != 0, UnknownVersion(versionId));
        IERC20Permit(address(_token)).permit(msg.sender, address(this), price, deadline, v, r, s);
        _purchase(versionId);
    }

    function _purchase(bytes32 versionId) private {
        uint256 price = _versions[versionId].price;
        require(price != 0, UnknownVersion(versionId));
        require(!_purchased[versionId][msg.sender], AlreadyPurchased(msg.sender, versionId));
        _purchased[versionId][msg.sender] = true;
        emit Purchased(msg.sender, versionId, price);
        _token.safeTransferFrom(msg.sender, _revenueSink, price);
    }

    /// @notice The published version `versionId`; all zero when it was never published.
    function version(bytes32 versionId) external view returns (Version memory) {
        return _versions[versionId];
    }

    /// @notice Whether `buyer` bought `versionId`.
    function hasPurchased(bytes32 versionId, address buyer) external view returns (bool) {
        return _purchased[versionId][buyer];
    }

    /// @notice The token prices are paid in.
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @notice Where payments go: the RewardDistributor's treasury.
    function revenueSink() external view returns (address) {
        return _revenueSink;
    }
}
